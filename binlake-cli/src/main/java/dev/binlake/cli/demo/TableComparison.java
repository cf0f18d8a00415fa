package dev.binlake.cli.demo;

import dev.binlake.api.QueryResult;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Function;

/**
 * Compares a source table with its latest view value by value, after normalizing how the two
 * drivers return values (decimals without trailing zeros, timestamps as ISO text, bytes as hex).
 * Meant for tables of demo and test size: both sides are read into memory.
 */
public final class TableComparison {
  private TableComparison() {}

  /** The result: equal, or the first differing row of each side. */
  public record Result(int sourceRows, int viewRows, List<String> differences) {
    public boolean isEqual() {
      return differences.isEmpty();
    }
  }

  public static Result compare(
      Connection source,
      String database,
      String table,
      List<String> keyColumns,
      Function<String, QueryResult> warehouse)
      throws SQLException {
    return compare(source, database, table, keyColumns, warehouse, "\"");
  }

  /** Like the above, quoting warehouse identifiers with {@code quote} (a backtick for BigQuery). */
  public static Result compare(
      Connection source,
      String database,
      String table,
      List<String> keyColumns,
      Function<String, QueryResult> warehouse,
      String quote)
      throws SQLException {
    String order = String.join(", ", keyColumns.stream().map(k -> "`" + k + "`").toList());
    List<String> columns = new ArrayList<>();
    List<List<String>> sourceRows = new ArrayList<>();
    try (Statement statement = source.createStatement();
        ResultSet rs =
            statement.executeQuery(
                "SELECT * FROM `" + database + "`.`" + table + "` ORDER BY " + order)) {
      ResultSetMetaData meta = rs.getMetaData();
      for (int i = 1; i <= meta.getColumnCount(); i++) {
        columns.add(meta.getColumnLabel(i));
      }
      while (rs.next()) {
        List<String> row = new ArrayList<>();
        for (int i = 1; i <= columns.size(); i++) {
          row.add(normalize(rs.getObject(i)));
        }
        sourceRows.add(row);
      }
    }
    String select = String.join(", ", columns.stream().map(c -> quote + c + quote).toList());
    String viewOrder = String.join(", ", keyColumns.stream().map(k -> quote + k + quote).toList());
    QueryResult view =
        warehouse.apply(
            "SELECT "
                + select
                + " FROM "
                + quote
                + database
                + quote
                + "."
                + quote
                + table
                + quote
                + " ORDER BY "
                + viewOrder);
    List<List<String>> viewRows = new ArrayList<>();
    for (List<Object> row : view.rows()) {
      viewRows.add(row.stream().map(TableComparison::normalize).toList());
    }
    List<String> differences = new ArrayList<>();
    int rows = Math.max(sourceRows.size(), viewRows.size());
    for (int i = 0; i < rows && differences.size() < 5; i++) {
      List<String> s = i < sourceRows.size() ? sourceRows.get(i) : null;
      List<String> v = i < viewRows.size() ? viewRows.get(i) : null;
      if (s == null || !s.equals(v)) {
        differences.add("source " + s + " <> view " + v);
      }
    }
    return new Result(sourceRows.size(), viewRows.size(), differences);
  }

  static String normalize(Object value) {
    if (value == null) {
      return "NULL";
    }
    if (value instanceof BigDecimal d) {
      return d.signum() == 0 ? "0" : d.stripTrailingZeros().toPlainString();
    }
    if (value instanceof BigInteger
        || value instanceof Long
        || value instanceof Integer
        || value instanceof Short
        || value instanceof Byte) {
      return value.toString();
    }
    if (value instanceof java.sql.Timestamp t) {
      return t.toLocalDateTime().toString();
    }
    if (value instanceof LocalDateTime t) {
      return t.toString();
    }
    if (value instanceof java.time.Instant t) {
      return LocalDateTime.ofInstant(t, ZoneOffset.UTC).toString();
    }
    if (value instanceof OffsetDateTime t) {
      return t.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime().toString();
    }
    if (value instanceof java.sql.Date d) {
      return d.toLocalDate().toString();
    }
    if (value instanceof LocalDate d) {
      return d.toString();
    }
    if (value instanceof byte[] bytes) {
      return HexFormat.of().formatHex(bytes);
    }
    return value.toString();
  }
}
