package dev.binlake.api;

import static java.util.Objects.requireNonNull;

/** A source table: database (schema) name and table name, case as the source reports it. */
public record TableId(String schema, String table) implements Comparable<TableId> {
  public TableId {
    requireNonNull(schema, "schema is null");
    requireNonNull(table, "table is null");
    if (schema.isEmpty() || table.isEmpty()) {
      throw new IllegalArgumentException(
          "schema and table must not be empty: " + schema + "." + table);
    }
  }

  /** Parses {@code schema.table}; the first dot separates the two. */
  public static TableId parse(String qualified) {
    int dot = qualified.indexOf('.');
    if (dot <= 0 || dot == qualified.length() - 1) {
      throw new BinlakeException(
          ErrorCode.CONFIG_INVALID,
          "Cannot parse table name '%s': expected <database>.<table> (for example shop.orders)",
          qualified);
    }
    return new TableId(qualified.substring(0, dot), qualified.substring(dot + 1));
  }

  @Override
  public int compareTo(TableId other) {
    int bySchema = schema.compareTo(other.schema);
    return bySchema != 0 ? bySchema : table.compareTo(other.table);
  }

  @Override
  public String toString() {
    return schema + "." + table;
  }
}
