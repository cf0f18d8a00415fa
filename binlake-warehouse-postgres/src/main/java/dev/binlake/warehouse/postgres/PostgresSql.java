package dev.binlake.warehouse.postgres;

import dev.binlake.api.Column;
import dev.binlake.api.ColumnType;
import dev.binlake.api.TableId;
import dev.binlake.api.TableSchema;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** SQL text for PostgreSQL: quoted names, column types, the history DDL and the latest view. */
final class PostgresSql {
  static final String OP = "Op";
  static final String COMMIT_TS = "binlake_commit_ts";
  static final String ORDER = "binlake_order";

  /** PostgreSQL cuts longer identifiers short (NAMEDATALEN - 1), which would merge names. */
  static final int MAX_IDENTIFIER_BYTES = 63;

  private PostgresSql() {}

  /** An identifier, always quoted: {@code order}, mixed case and spaces all work. */
  static String quote(String name) {
    return '"' + name.replace("\"", "\"\"") + '"';
  }

  static boolean fitsIdentifier(String name) {
    return name.getBytes(StandardCharsets.UTF_8).length <= MAX_IDENTIFIER_BYTES;
  }

  static String historyName(TableId table) {
    return table.table() + "_history";
  }

  static String historyTable(TableId table) {
    return quote(table.schema()) + "." + quote(historyName(table));
  }

  static String view(TableId table) {
    return quote(table.schema()) + "." + quote(table.table());
  }

  /** The PostgreSQL type of a column, spelled the way {@code format_type()} reports it. */
  static String typeOf(ColumnType type) {
    return switch (type.kind()) {
      case BOOLEAN -> "boolean";
      case INT32 -> "integer";
      case INT64 -> "bigint";
      case DECIMAL -> "numeric(" + type.precision() + "," + type.scale() + ")";
      case FLOAT32 -> "real";
      case FLOAT64 -> "double precision";
      case STRING -> "text";
      case JSON -> "jsonb";
      case BYTES -> "bytea";
      case DATE -> "date";
      case TIME_MICROS -> "bigint"; // signed microseconds: TIME can be negative and beyond 24 h
      case TIMESTAMP_MICROS -> "timestamp without time zone";
      case TIMESTAMP_UTC_MICROS -> "timestamp with time zone";
    };
  }

  /** Column definitions of the three leading columns and then {@code columns}. */
  static String columnDefinitions(List<Column> columns) {
    StringBuilder sql =
        new StringBuilder()
            .append(quote(OP))
            .append(" text, ")
            .append(quote(COMMIT_TS))
            .append(" timestamp with time zone, ")
            .append(quote(ORDER))
            .append(" text COLLATE \"C\"");
    columns.forEach(
        c -> sql.append(", ").append(quote(c.name())).append(' ').append(typeOf(c.type())));
    return sql.toString();
  }

  static String createHistoryTable(TableSchema schema) {
    return "CREATE TABLE IF NOT EXISTS "
        + historyTable(schema.table())
        + " ("
        + columnDefinitions(schema.columns())
        + ")";
  }

  /** The three leading columns and then {@code columns}, quoted, for COPY and INSERT lists. */
  static String columnList(List<Column> columns) {
    return names(
        Stream.concat(Stream.of(OP, COMMIT_TS, ORDER), columns.stream().map(Column::name))
            .toList());
  }

  /**
   * The latest row per primary key: the change with the highest {@code binlake_order} (bytewise,
   * the column's collation is "C") after the latest table marker (TRUNCATE, DROP TABLE) wins, keys
   * whose latest change is a delete disappear, and only the current columns show.
   */
  static String createLatestView(TableSchema schema) {
    String columns =
        names(
            schema.columns().stream()
                .map(Column::name)
                .filter(dev.binlake.api.MetadataColumns::isSourceColumn)
                .toList());
    String key = names(schema.primaryKey());
    return "CREATE VIEW "
        + view(schema.table())
        + " AS SELECT "
        + columns
        + " FROM (SELECT DISTINCT ON ("
        + key
        + ") "
        + quote(OP)
        + ", "
        + columns
        + " FROM "
        + historyTable(schema.table())
        + " WHERE "
        + quote(ORDER)
        + " > coalesce((SELECT max("
        + quote(ORDER)
        + ") FROM "
        + historyTable(schema.table())
        + " WHERE "
        + quote(OP)
        + " IN ("
        + dev.binlake.api.Op.MARKER_CODES_SQL
        + ")), '')"
        + " ORDER BY "
        + key
        + ", "
        + quote(ORDER)
        + " DESC) AS latest WHERE "
        + quote(OP)
        + " <> 'D'";
  }

  /**
   * An index on the primary key and {@code binlake_order}, so the view reads the latest change per
   * key in index order and a filter on the key (a chunk of {@code validate}) uses it. Named by a
   * hash of table and key: a new primary key gets an index of its own.
   */
  static String createLatestIndex(TableSchema schema) {
    String identity =
        schema.table().schema() + "\0" + schema.table().table() + "\0" + schema.primaryKey();
    String name;
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
      name = "binlake_latest_" + HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
    return "CREATE INDEX IF NOT EXISTS "
        + quote(name)
        + " ON "
        + historyTable(schema.table())
        + " ("
        + names(schema.primaryKey())
        + ", "
        + quote(ORDER)
        + ")";
  }

  /**
   * A partial index on the table markers (TRUNCATE, DROP TABLE), so the view finds the latest one
   * without reading the history.
   */
  static String createMarkerIndex(TableId table) {
    return "CREATE INDEX IF NOT EXISTS "
        + quote(indexName("binlake_markers_", table.schema() + "\0" + table.table()))
        + " ON "
        + historyTable(table)
        + " ("
        + quote(ORDER)
        + ") WHERE "
        + quote(OP)
        + " IN ("
        + dev.binlake.api.Op.MARKER_CODES_SQL
        + ")";
  }

  private static String indexName(String prefix, String identity) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
      return prefix + HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  static String names(List<String> names) {
    return names.stream().map(PostgresSql::quote).collect(Collectors.joining(", "));
  }
}
