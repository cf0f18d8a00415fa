package dev.binlake.capture.snapshot;

import dev.binlake.api.SourceOffset;
import dev.binlake.api.TableId;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;

/**
 * Tables whose chunked snapshot was asked for but that Debezium has not durably taken over yet. A
 * request is covered once a checkpointed resume offset lists the table (a restart resumes its
 * snapshot from the offset) or once change files with its snapshot rows are stored (the resume
 * offset is then past the start of its snapshot). Uncovered requests are asked again after a
 * restart; none of their snapshot rows can be stored yet, so asking again doubles nothing.
 */
public final class SnapshotRequests {
  private final Set<TableId> pending = new TreeSet<>();

  public synchronized void request(Collection<TableId> tables) {
    pending.addAll(tables);
  }

  public synchronized void replaceWith(Collection<TableId> tables) {
    pending.clear();
    pending.addAll(tables);
  }

  public synchronized Set<TableId> pending() {
    return Set.copyOf(pending);
  }

  public synchronized boolean isEmpty() {
    return pending.isEmpty();
  }

  /** A checkpoint with this resume offset is being written. */
  public synchronized void coverBy(SourceOffset resume) {
    pending.removeAll(IncrementalOffsets.collections(resume.json()));
  }

  /** Snapshot rows of {@code table} were stored. */
  public synchronized void covered(TableId table) {
    pending.remove(table);
  }
}
