package dev.binlake.capture.offset;

import static java.util.Objects.requireNonNull;

import dev.binlake.api.SourceOffset;
import dev.binlake.api.TableId;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Capture progress: the offset to resume from (empty before the first stored file: start with a
 * snapshot) and each table's progress. Written only after the files it describes are stored.
 */
public record Checkpoint(
    Optional<SourceOffset> resumeOffset, Map<TableId, TableProgress> tables, Instant writtenAt) {
  public static final Checkpoint EMPTY = new Checkpoint(Optional.empty(), Map.of(), Instant.EPOCH);

  public Checkpoint {
    requireNonNull(resumeOffset, "resumeOffset is null");
    tables = Map.copyOf(new TreeMap<>(tables));
    requireNonNull(writtenAt, "writtenAt is null");
  }

  public TableProgress progress(TableId table) {
    return tables.getOrDefault(table, TableProgress.NONE);
  }
}
