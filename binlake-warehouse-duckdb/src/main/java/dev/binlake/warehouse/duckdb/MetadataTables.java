package dev.binlake.warehouse.duckdb;

import dev.binlake.api.ChangeFile;
import dev.binlake.api.OrderKey;
import dev.binlake.api.TableId;
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

  /** One row of {@code binlake.tables}. */
  record Row(
      TableId table,
      String schemaJson,
      OrderKey lastKey,
      Optional<String> viewSchemaJson,
      Optional<String> viewReason) {
    TableState toState() {
      return new TableState(table, SchemaJson.read(schemaJson), lastKey, viewReason);
    }

    boolean isViewCurrent() {
      return viewSchemaJson.filter(schemaJson::equals).isPresent();
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
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO binlake.loaded_files VALUES (?, ?, ?, ?, ?, ?, now())")) {
      insert.setString(1, file.key());
      insert.setString(2, file.table().schema());
      insert.setString(3, file.table().table());
      insert.setLong(4, file.rowCount());
      insert.setString(5, file.first().value());
      insert.setString(6, file.last().value());
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
            "SELECT schema_name, table_name, schema_json, last_key, view_schema_json, view_reason"
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
                  new OrderKey(rows.getString(4)),
                  Optional.ofNullable(rows.getString(5)),
                  Optional.ofNullable(rows.getString(6))));
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
    Optional<Row> current = table(connection, file.table());
    if (current.isPresent() && !file.last().isAfter(current.get().lastKey())) {
      return;
    }
    String sql =
        current.isPresent()
            ? "UPDATE binlake.tables SET schema_json = ?, primary_key = ?, last_key = ?,"
                + " updated_at = now() WHERE schema_name = ? AND table_name = ?"
            : "INSERT INTO binlake.tables (schema_json, primary_key, last_key, schema_name,"
                + " table_name, updated_at) VALUES (?, ?, ?, ?, ?, now())";
    try (PreparedStatement write = connection.prepareStatement(sql)) {
      write.setString(1, SchemaJson.write(file.schema()));
      write.setString(2, String.join(",", file.schema().primaryKey()));
      write.setString(3, file.last().value());
      write.setString(4, file.table().schema());
      write.setString(5, file.table().table());
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
}
