package dev.binlake.capture.mapping;

import dev.binlake.api.ChangeRecord;
import dev.binlake.api.SourceOffset;
import dev.binlake.api.TableId;

/** What one Debezium record means to binlake. */
public sealed interface Captured {
  /** The offset that resumes right after this record. */
  SourceOffset offset();

  /**
   * A row change; {@code endsTableSnapshot} marks the last snapshot row of its table, {@code
   * opensKeyUpdate} the delete half of a primary-key update, whose insert half follows with an
   * offset naming the same binlog row.
   */
  record Change(ChangeRecord record, boolean endsTableSnapshot, boolean opensKeyUpdate)
      implements Captured {
    public Change(ChangeRecord record, boolean endsTableSnapshot) {
      this(record, endsTableSnapshot, false);
    }

    @Override
    public SourceOffset offset() {
      return record.offset();
    }

    public TableId table() {
      return record.table();
    }
  }

  /**
   * A {@code DROP TABLE} of {@code tables}: each gets a {@link dev.binlake.api.Op#DROP_TABLE}
   * marker in the shape of its last stored change file (tables never stored need none).
   */
  record TablesDropped(
      java.util.List<TableId> tables,
      dev.binlake.api.OrderKey orderKey,
      long commitTimeMicros,
      SourceOffset offset)
      implements Captured {
    public TablesDropped {
      tables = java.util.List.copyOf(tables);
    }
  }

  /** A record without rows (heartbeat, transaction boundary, schema change): only progress. */
  record Progress(SourceOffset offset) implements Captured {}
}
