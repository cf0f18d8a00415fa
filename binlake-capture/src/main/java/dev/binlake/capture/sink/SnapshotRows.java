package dev.binlake.capture.sink;

import dev.binlake.api.ChangeRecord;
import dev.binlake.api.Op;
import dev.binlake.api.OrderKey;
import dev.binlake.api.TableId;
import dev.binlake.api.TableSchema;
import dev.binlake.capture.mapping.Captured;
import dev.binlake.capture.offset.TableProgress;
import dev.binlake.capture.snapshot.IncrementalOffsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The sink's rules for snapshot rows: which rows come from a chunked (incremental) snapshot, the
 * order keys they get, when a table's chunk file is complete, and the TRUNCATE marker before a new
 * snapshot over stored history.
 */
final class SnapshotRows {
  private final Map<TableId, OrderKey> lastWritten = new HashMap<>();

  /** Whether a record is a row of a chunked snapshot (its offset says INCREMENTAL). */
  static boolean isChunkRow(ChangeRecord record) {
    return record.phase() == ChangeRecord.Phase.SNAPSHOT
        && IncrementalOffsets.isSnapshotRow(record.offset().json());
  }

  /**
   * A chunk row is never redelivered, so it is not dropped for sitting at or below its table's last
   * key (the same binlog point after a restart): it gets the next key after that instead.
   */
  ChangeRecord keyed(ChangeRecord record, TableProgress progress) {
    OrderKey floor = lastWritten.getOrDefault(record.table(), progress.lastKey());
    if (progress.lastKey().isAfter(floor)) {
      floor = progress.lastKey();
    }
    if (record.orderKey().isAfter(floor)) {
      return record;
    }
    return new ChangeRecord(
        record.schema(),
        record.op(),
        record.phase(),
        SnapshotKeys.after(floor),
        record.commitTimeMicros(),
        record.values(),
        record.offset());
  }

  /** The last key written for a table in this run. */
  void written(TableId table, OrderKey key) {
    lastWritten.put(table, key);
  }

  /**
   * The open files whose table's chunked snapshot is over, given the next record: its rows stop
   * (another table's rows come, or offsets say no snapshot runs). Their files are stored then, as
   * Debezium's own snapshot does per table.
   */
  static List<OpenFile> finished(Captured captured, Collection<OpenFile> open) {
    List<OpenFile> finished = new ArrayList<>();
    String json = captured.offset().json();
    boolean chunkRow = captured instanceof Captured.Change change && isChunkRow(change.record());
    boolean running = IncrementalOffsets.isRunning(json);
    if (chunkRow ? !running : running) {
      return finished;
    }
    for (OpenFile file : open) {
      boolean otherTable =
          chunkRow && !file.schema.table().equals(((Captured.Change) captured).table());
      if (file.holdsChunkedSnapshot && (!chunkRow || otherTable)) {
        finished.add(file);
      }
    }
    return finished;
  }

  /**
   * A TRUNCATE marker just before the first row a new snapshot reads of a table that history
   * already has: at the snapshot point with sequence 0, so after every earlier change and before
   * every row of the new snapshot. (If the snapshot point did not move, the marker is not above the
   * stored high-water mark and is dropped: nothing changed in between.)
   */
  static ChangeRecord truncateMarker(ChangeRecord first) {
    TableSchema schema = first.schema().withOptionalColumns();
    String key = first.orderKey().value();
    return new ChangeRecord(
        schema,
        Op.TRUNCATE,
        ChangeRecord.Phase.STREAM,
        new OrderKey(key.substring(0, 24) + "000000000000-0"),
        first.commitTimeMicros(),
        new Object[schema.columns().size()],
        first.offset());
  }
}
