package dev.binlake.capture.mapping;

import dev.binlake.api.ChangeRecord;
import dev.binlake.api.SourceOffset;
import dev.binlake.api.TableId;

/** What one Debezium record means to binlake. */
public sealed interface Captured {
  /** The offset that resumes right after this record. */
  SourceOffset offset();

  /** A row change; {@code endsTableSnapshot} marks the last snapshot row of its table. */
  record Change(ChangeRecord record, boolean endsTableSnapshot) implements Captured {
    @Override
    public SourceOffset offset() {
      return record.offset();
    }

    public TableId table() {
      return record.table();
    }
  }

  /** A record without rows (heartbeat, transaction boundary, schema change): only progress. */
  record Progress(SourceOffset offset) implements Captured {}
}
