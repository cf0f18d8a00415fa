package dev.binlake.api;

import static java.util.Objects.requireNonNull;

/**
 * What a stored change file holds, as written in its Parquet key/value metadata: the table's shape,
 * the kind of file, the row count and the first and last total-order keys, and the capture offset
 * right after its last record.
 */
public record ChangeFile(
    String key,
    TableSchema schema,
    Kind kind,
    long rowCount,
    OrderKey first,
    OrderKey last,
    SourceOffset lastOffset) {

  /** A full-load file ({@code LOAD00000001.parquet}) or a change-data-capture file. */
  public enum Kind {
    LOAD,
    CDC
  }

  public ChangeFile {
    requireNonNull(key, "key is null");
    requireNonNull(schema, "schema is null");
    requireNonNull(kind, "kind is null");
    requireNonNull(first, "first is null");
    requireNonNull(last, "last is null");
    requireNonNull(lastOffset, "lastOffset is null");
    if (rowCount <= 0) {
      throw new IllegalArgumentException("rowCount must be positive: " + rowCount);
    }
    if (first.isAfter(last)) {
      throw new IllegalArgumentException("first key " + first + " is after last key " + last);
    }
  }

  public TableId table() {
    return schema.table();
  }
}
