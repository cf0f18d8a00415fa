package dev.binlake.capture.offset;

import static java.util.Objects.requireNonNull;

import dev.binlake.api.SourceOffset;
import dev.binlake.api.TableId;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Capture progress: the offset to resume from (empty before the first stored file: start with a
 * snapshot) and each table's progress. Written only after the files it describes are stored. The
 * chunked snapshot adds the tables whose snapshot was asked for but is not yet carried by the
 * resume offset ({@code pendingSnapshots}), the snapshot rows stored per table, and the file with
 * snapshot rows being stored when it was written ({@code storing}).
 */
public record Checkpoint(
    Optional<SourceOffset> resumeOffset,
    Map<TableId, TableProgress> tables,
    Instant writtenAt,
    Set<TableId> pendingSnapshots,
    Map<TableId, Long> snapshotRows,
    Optional<PendingStore> storing) {
  public static final Checkpoint EMPTY = new Checkpoint(Optional.empty(), Map.of(), Instant.EPOCH);

  public Checkpoint {
    requireNonNull(resumeOffset, "resumeOffset is null");
    tables = Map.copyOf(new TreeMap<>(tables));
    requireNonNull(writtenAt, "writtenAt is null");
    pendingSnapshots = Set.copyOf(new TreeSet<>(pendingSnapshots));
    snapshotRows = Map.copyOf(new TreeMap<>(snapshotRows));
    requireNonNull(storing, "storing is null");
  }

  public Checkpoint(
      Optional<SourceOffset> resumeOffset, Map<TableId, TableProgress> tables, Instant writtenAt) {
    this(resumeOffset, tables, writtenAt, Set.of(), Map.of(), Optional.empty());
  }

  public TableProgress progress(TableId table) {
    return tables.getOrDefault(table, TableProgress.NONE);
  }
}
