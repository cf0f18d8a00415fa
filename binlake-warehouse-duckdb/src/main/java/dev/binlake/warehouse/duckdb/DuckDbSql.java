package dev.binlake.warehouse.duckdb;

import dev.binlake.api.ColumnType;
import dev.binlake.api.TableId;
import dev.binlake.api.TableSchema;
import java.util.List;
import java.util.stream.Collectors;

/** SQL text for DuckDB: quoted names, column types, the history DDL and the latest-view query. */
final class DuckDbSql {
  static final String OP = "Op";
  static final String COMMIT_TS = "binlake_commit_ts";
  static final String ORDER = "binlake_order";

  private DuckDbSql() {}

  /** A DuckDB identifier, always quoted: {@code order}, mixed case and spaces all work. */
  static String quote(String name) {
    return '"' + name.replace("\"", "\"\"") + '"';
  }

  static String literal(String text) {
    return '\'' + text.replace("'", "''") + '\'';
  }

  static String historyTable(TableId table) {
    return quote(table.schema()) + "." + quote(table.table() + "_history");
  }

  static String view(TableId table) {
    return quote(table.schema()) + "." + quote(table.table());
  }

  /** The DuckDB type of a column, spelled the way {@code duckdb_columns()} reports it. */
  static String typeOf(ColumnType type) {
    return switch (type.kind()) {
      case BOOLEAN -> "BOOLEAN";
      case INT32 -> "INTEGER";
      case INT64 -> "BIGINT";
      case DECIMAL -> "DECIMAL(" + type.precision() + "," + type.scale() + ")";
      case FLOAT32 -> "FLOAT";
      case FLOAT64 -> "DOUBLE";
      case STRING -> "VARCHAR";
      case JSON -> "JSON";
      case BYTES -> "BLOB";
      case DATE -> "DATE";
      case TIME_MICROS -> "BIGINT"; // signed microseconds: TIME can be negative and beyond 24 h
      case TIMESTAMP_MICROS -> "TIMESTAMP";
      case TIMESTAMP_UTC_MICROS -> "TIMESTAMP WITH TIME ZONE";
    };
  }

  static String createHistoryTable(TableSchema schema) {
    StringBuilder sql =
        new StringBuilder("CREATE TABLE IF NOT EXISTS ")
            .append(historyTable(schema.table()))
            .append(" (")
            .append(quote(OP))
            .append(" VARCHAR, ")
            .append(quote(COMMIT_TS))
            .append(" TIMESTAMP WITH TIME ZONE, ")
            .append(quote(ORDER))
            .append(" VARCHAR");
    schema
        .columns()
        .forEach(
            c -> sql.append(", ").append(quote(c.name())).append(' ').append(typeOf(c.type())));
    return sql.append(')').toString();
  }

  /**
   * The latest row per primary key: the change with the highest {@code binlake_order} after the
   * latest table marker wins, keys whose latest change is a delete disappear, and only the current
   * columns show.
   */
  static String createLatestView(TableSchema schema) {
    String columns =
        names(
            schema.columns().stream()
                .map(c -> c.name())
                .filter(dev.binlake.api.MetadataColumns::isSourceColumn)
                .toList());
    return "CREATE OR REPLACE VIEW "
        + view(schema.table())
        + " AS SELECT "
        + columns
        + " FROM (SELECT *, row_number() OVER (PARTITION BY "
        + names(schema.primaryKey())
        + " ORDER BY "
        + quote(ORDER)
        + " DESC) AS binlake_rank FROM "
        + historyTable(schema.table())
        + " WHERE "
        + afterLastMarker(schema.table())
        + ") AS changes WHERE binlake_rank = 1 AND "
        + quote(OP)
        + " <> 'D'";
  }

  /**
   * Changes ordered after the table's latest TRUNCATE or DROP TABLE marker (which empties it); the
   * markers themselves never show.
   */
  static String afterLastMarker(TableId table) {
    return quote(ORDER)
        + " > coalesce((SELECT max("
        + quote(ORDER)
        + ") FROM "
        + historyTable(table)
        + " WHERE "
        + quote(OP)
        + " IN ("
        + dev.binlake.api.Op.MARKER_CODES_SQL
        + ")), '')";
  }

  private static String names(List<String> names) {
    return names.stream().map(DuckDbSql::quote).collect(Collectors.joining(", "));
  }
}
