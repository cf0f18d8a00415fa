package dev.binlake.api;

import static java.util.Objects.requireNonNull;

/**
 * One row change of one source table. {@code values} follow {@code schema.columns()} in order and
 * hold the Java value of each {@link ColumnType.Kind} (or null); for a delete they are the deleted
 * row. {@code offset} resumes capture right after this change.
 */
public record ChangeRecord(
    TableSchema schema,
    Op op,
    Phase phase,
    OrderKey orderKey,
    long commitTimeMicros,
    Object[] values,
    SourceOffset offset) {

  /** Whether a change comes from the initial snapshot (DMS's full load) or the binlog stream. */
  public enum Phase {
    SNAPSHOT,
    STREAM
  }

  public ChangeRecord {
    requireNonNull(schema, "schema is null");
    requireNonNull(op, "op is null");
    requireNonNull(phase, "phase is null");
    requireNonNull(orderKey, "orderKey is null");
    requireNonNull(values, "values is null");
    requireNonNull(offset, "offset is null");
    if (values.length != schema.columns().size()) {
      throw new IllegalArgumentException(
          "record of "
              + schema.table()
              + " has "
              + values.length
              + " values for "
              + schema.columns().size()
              + " columns");
    }
  }

  public TableId table() {
    return schema.table();
  }
}
