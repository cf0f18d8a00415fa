package dev.binlake.api;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** The shape of a source table at one point of the stream: columns in source order, key columns. */
public record TableSchema(TableId table, List<Column> columns, List<String> primaryKey) {
  public TableSchema {
    requireNonNull(table, "table is null");
    columns = List.copyOf(columns);
    primaryKey = List.copyOf(primaryKey);
    if (columns.isEmpty()) {
      throw new IllegalArgumentException("table " + table + " has no columns");
    }
    for (String key : primaryKey) {
      if (columns.stream().noneMatch(c -> c.name().equals(key))) {
        throw new IllegalArgumentException("key column " + key + " is not a column of " + table);
      }
    }
  }

  public boolean hasPrimaryKey() {
    return !primaryKey.isEmpty();
  }

  /**
   * This shape with every column optional: the shape of a table marker ({@link Op#TRUNCATE}, {@link
   * Op#DROP_TABLE}), whose source columns are all NULL.
   */
  public TableSchema withOptionalColumns() {
    return new TableSchema(
        table,
        columns.stream()
            .map(c -> c.optional() ? c : new Column(c.name(), c.type(), true, c.sourceType()))
            .toList(),
        primaryKey);
  }

  /** Index of the column with this name, or -1. */
  public int indexOf(String name) {
    for (int i = 0; i < columns.size(); i++) {
      if (columns.get(i).name().equals(name)) {
        return i;
      }
    }
    return -1;
  }
}
