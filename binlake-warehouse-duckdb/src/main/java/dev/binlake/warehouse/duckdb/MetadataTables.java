package dev.binlake.warehouse.duckdb;

import dev.binlake.api.BinlakeException;
import dev.binlake.api.ChangeFile;
import dev.binlake.api.ErrorCode;
import dev.binlake.api.OrderKey;
import dev.binlake.api.TableId;
import dev.binlake.api.TableSchema;
import dev.binlake.files.SchemaJson;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * binlake's own tables in the DuckDB file: the load ledger {@code binlake.loaded_files} (one row
 * per loaded object, written in the transaction that loads its rows) and {@code binlake.tables}
 * (per source table its current shape, the highest key loaded and the shape its latest view shows).
 */
final class MetadataTables {
  private MetadataTables() {}

  /** One row of {@code binlake.tables}; {@code lastOrder} is an order key or a DMS order value. */
  record Row(
      TableId table,
      String schemaJson,
      String lastOrder,
      Optional<String> viewSchemaJson,
      Optional<String> viewReason,
      TableState.Origin origin) {
    TableState toState() {
      return new TableState(table, SchemaJson.read(schemaJson), lastOrder, viewReason, origin);
    }

    /** The highest order key loaded, for tables of binlake change files. */
    Optional<OrderKey> lastKey() {
      return origin == TableState.Origin.BINLAKE
          ? Optional.of(new OrderKey(lastOrder))
          : Optional.empty();
    }

    /** Whether the view shows this shape (JSON) or, with a reason, is absent for it. */
    boolean shows(String viewJson, String reason) {
      return viewSchemaJson.filter(viewJson::equals).isPresent()
          && viewReason.equals(Optional.ofNullable(reason));
    }
  }

  static void create(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute("CREATE SCHEMA IF NOT EXISTS binlake");
      statement.execute(
          "CREATE TABLE IF NOT EXISTS binlake.loaded_files (object_key VARCHAR PRIMARY KEY,"
              + " schema_name VARCHAR NOT NULL, table_name VARCHAR NOT NULL,"
              + " row_count BIGINT NOT NULL, first_key VARCHAR NOT NULL,"
              + " last_key VARCHAR NOT NULL, loaded_at TIMESTAMP WITH TIME ZONE NOT NULL)");
      statement.execute(
          "CREATE TABLE IF NOT EXISTS binlake.tables (schema_name VARCHAR NOT NULL,"
              + " table_name VARCHAR NOT NULL, schema_json VARCHAR NOT NULL,"
              + " primary_key VARCHAR NOT NULL, last_key VARCHAR NOT NULL,"
              + " view_schema_json VARCHAR, view_reason VARCHAR,"
              + " updated_at TIMESTAMP WITH TIME ZONE NOT NULL)");
      // added for AWS DMS output; NULL (files of older versions) means BINLAKE
      statement.execute("ALTER TABLE binlake.tables ADD COLUMN IF NOT EXISTS origin VARCHAR");
    }
  }

  static boolean isLoaded(Connection connection, String objectKey) throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement("SELECT 1 FROM binlake.loaded_files WHERE object_key = ?")) {
      select.setString(1, objectKey);
      try (ResultSet rows = select.executeQuery()) {
        return rows.next();
      }
    }
  }

  static void recordLoaded(Connection connection, ChangeFile file) throws SQLException {
    recordLoaded(
        connection,
        file.key(),
        file.table(),
        file.rowCount(),
        file.first().value(),
        file.last().value());
  }

  /** Ledger row of any file; {@code first} and {@code last} are its lowest and highest order. */
  static void recordLoaded(
      Connection connection, String key, TableId table, long rowCount, String first, String last)
      throws SQLException {
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO binlake.loaded_files VALUES (?, ?, ?, ?, ?, ?, now())")) {
      insert.setString(1, key);
      insert.setString(2, table.schema());
      insert.setString(3, table.table());
      insert.setLong(4, rowCount);
      insert.setString(5, first);
      insert.setString(6, last);
      insert.executeUpdate();
    }
  }

  static long fileCount(Connection connection, TableId table) throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT count(*) FROM binlake.loaded_files WHERE schema_name = ? AND table_name = ?")) {
      select.setString(1, table.schema());
      select.setString(2, table.table());
      try (ResultSet rows = select.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
    }
  }

  static Optional<Row> table(Connection connection, TableId table) throws SQLException {
    List<Row> rows = select(connection, " WHERE schema_name = ? AND table_name = ?", table);
    return rows.stream().findFirst();
  }

  static List<Row> tables(Connection connection) throws SQLException {
    return select(connection, " ORDER BY schema_name, table_name", null);
  }

  private static List<Row> select(Connection connection, String where, TableId table)
      throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT schema_name, table_name, schema_json, last_key, view_schema_json, view_reason,"
                + " origin"
                + " FROM binlake.tables"
                + where)) {
      if (table != null) {
        select.setString(1, table.schema());
        select.setString(2, table.table());
      }
      List<Row> result = new ArrayList<>();
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          result.add(
              new Row(
                  new TableId(rows.getString(1), rows.getString(2)),
                  rows.getString(3),
                  rows.getString(4),
                  Optional.ofNullable(rows.getString(5)),
                  Optional.ofNullable(rows.getString(6)),
                  rows.getString(7) == null
                      ? TableState.Origin.BINLAKE
                      : TableState.Origin.valueOf(rows.getString(7))));
        }
      }
      return result;
    }
  }

  /**
   * Makes {@code file}'s shape the table's current one when the file holds the highest keys seen so
   * far; an older file loaded late leaves the shape alone.
   */
  static void advanceShape(Connection connection, ChangeFile file) throws SQLException {
    advanceShape(connection, file.schema(), file.last().value(), TableState.Origin.BINLAKE);
  }

  /**
   * Like {@link #advanceShape(Connection, ChangeFile)} for any file: order values compare as text.
   */
  static void advanceShape(
      Connection connection, TableSchema schema, String last, TableState.Origin origin)
      throws SQLException {
    Optional<Row> current = table(connection, schema.table());
    if (current.isPresent() && last.compareTo(current.get().lastOrder()) <= 0) {
      return;
    }
    String sql =
        current.isPresent()
            ? "UPDATE binlake.tables SET schema_json = ?, primary_key = ?, last_key = ?,"
                + " origin = ?, updated_at = now() WHERE schema_name = ? AND table_name = ?"
            : "INSERT INTO binlake.tables (schema_json, primary_key, last_key, origin, schema_name,"
                + " table_name, updated_at) VALUES (?, ?, ?, ?, ?, ?, now())";
    try (PreparedStatement write = connection.prepareStatement(sql)) {
      write.setString(1, SchemaJson.write(schema));
      write.setString(2, String.join(",", schema.primaryKey()));
      write.setString(3, last);
      write.setString(4, origin.name());
      write.setString(5, schema.table().schema());
      write.setString(6, schema.table().table());
      write.executeUpdate();
    }
  }

  static void recordView(Connection connection, TableId table, String viewSchemaJson, String reason)
      throws SQLException {
    try (PreparedStatement update =
        connection.prepareStatement(
            "UPDATE binlake.tables SET view_schema_json = ?, view_reason = ?"
                + " WHERE schema_name = ? AND table_name = ?")) {
      update.setString(1, viewSchemaJson);
      update.setString(2, reason);
      update.setString(3, table.schema());
      update.setString(4, table.table());
      update.executeUpdate();
    }
  }

  /** A table takes binlake change files or DMS files, never both: their orders do not compare. */
  static void requireOrigin(
      Connection connection, String key, TableId table, TableState.Origin origin)
      throws SQLException {
    Optional<Row> row = table(connection, table);
    if (row.isPresent() && row.get().origin() != origin) {
      throw new BinlakeException(
          ErrorCode.FILE_INVALID,
          "Cannot load %s into %s: it is %s but the table holds %s, and their order values do"
              + " not compare (keep AWS DMS output and binlake change files under different"
              + " prefixes or tables)",
          key,
          DuckDbSql.historyTable(table),
          origin == TableState.Origin.DMS ? "AWS DMS output" : "a binlake change file",
          row.get().origin() == TableState.Origin.DMS ? "AWS DMS output" : "binlake change files");
    }
  }
}
