package dev.binlake.warehouse.postgres;

import dev.binlake.api.ChangeFile;
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
 * binlake's own tables in the database, as in the DuckDB warehouse: the load ledger {@code
 * binlake.loaded_files} (one row per loaded object, written in the transaction that loads its rows)
 * and {@code binlake.tables} (per source table its current shape, the highest key loaded and the
 * shape its latest view shows). Keys are unique here, so concurrent loaders meet on them.
 */
final class MetadataTables {
  /** Serializes binlake's DDL across processes: {@code pg_advisory_xact_lock} takes it. */
  static final long DDL_LOCK = 0x62696e6c616b65L; // "binlake"

  private MetadataTables() {}

  /** Which files a table takes: binlake change files or AWS DMS output, never both. */
  static final String BINLAKE = "BINLAKE";

  static final String DMS = "DMS";

  /**
   * One row of {@code binlake.tables}; {@code lastOrder} is an {@link OrderKey} for binlake change
   * files, a {@link dev.binlake.api.DmsFile#orderOf DMS order value} for AWS DMS output.
   */
  record Row(
      TableId table,
      String schemaJson,
      String lastOrder,
      Optional<String> viewSchemaJson,
      Optional<String> viewReason,
      boolean isDms) {
    TableState toState() {
      return new TableState(table, SchemaJson.read(schemaJson), lastOrder, viewReason, isDms);
    }

    /** The highest order key loaded, for tables of binlake change files. */
    OrderKey lastKey() {
      return new OrderKey(lastOrder);
    }

    /** Whether the view shows this shape (JSON) or, with a reason, is absent for it. */
    boolean shows(String viewJson, String reason) {
      return viewSchemaJson.filter(viewJson::equals).isPresent()
          && viewReason.equals(Optional.ofNullable(reason));
    }
  }

  /** Takes the DDL lock until the current transaction ends. */
  static void lockDdl(Connection connection) throws SQLException {
    try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
      lock.setLong(1, DDL_LOCK);
      lock.execute();
    }
  }

  /** Creates the schema and both tables if missing; call inside a transaction. */
  static void create(Connection connection) throws SQLException {
    lockDdl(connection);
    try (Statement statement = connection.createStatement()) {
      statement.execute("CREATE SCHEMA IF NOT EXISTS binlake");
      statement.execute(
          "CREATE TABLE IF NOT EXISTS binlake.loaded_files (object_key text PRIMARY KEY,"
              + " schema_name text NOT NULL, table_name text NOT NULL,"
              + " row_count bigint NOT NULL, first_key text COLLATE \"C\" NOT NULL,"
              + " last_key text COLLATE \"C\" NOT NULL,"
              + " loaded_at timestamp with time zone NOT NULL,"
              + " nul_characters_replaced bigint NOT NULL DEFAULT 0)");
      statement.execute(
          "CREATE INDEX IF NOT EXISTS loaded_files_by_table"
              + " ON binlake.loaded_files (schema_name, table_name)");
      statement.execute(
          "CREATE TABLE IF NOT EXISTS binlake.tables (schema_name text NOT NULL,"
              + " table_name text NOT NULL, schema_json text NOT NULL,"
              + " primary_key text NOT NULL, last_key text COLLATE \"C\" NOT NULL,"
              + " view_schema_json text, view_reason text,"
              + " updated_at timestamp with time zone NOT NULL,"
              + " PRIMARY KEY (schema_name, table_name))");
      // added for AWS DMS output; NULL (databases of older versions) means BINLAKE
      statement.execute("ALTER TABLE binlake.tables ADD COLUMN IF NOT EXISTS origin text");
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

  /**
   * Claims {@code file}'s key in the ledger. Returns false when the key is already there. A
   * concurrent transaction claiming the same key makes this one wait for its end: its commit makes
   * this return false, its rollback lets this one claim the key.
   */
  static boolean claim(Connection connection, ChangeFile file) throws SQLException {
    return claim(
        connection,
        file.key(),
        file.table(),
        file.rowCount(),
        file.first().value(),
        file.last().value());
  }

  /**
   * Like {@link #claim(Connection, ChangeFile)} for any file, with its lowest and highest order.
   */
  static boolean claim(
      Connection connection, String key, TableId table, long rowCount, String first, String last)
      throws SQLException {
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO binlake.loaded_files (object_key, schema_name, table_name, row_count,"
                + " first_key, last_key, loaded_at) VALUES (?, ?, ?, ?, ?, ?, now())"
                + " ON CONFLICT (object_key) DO NOTHING")) {
      insert.setString(1, key);
      insert.setString(2, table.schema());
      insert.setString(3, table.table());
      insert.setLong(4, rowCount);
      insert.setString(5, first);
      insert.setString(6, last);
      return insert.executeUpdate() == 1;
    }
  }

  static void recordReplacedNuls(Connection connection, String objectKey, long count)
      throws SQLException {
    try (PreparedStatement update =
        connection.prepareStatement(
            "UPDATE binlake.loaded_files SET nul_characters_replaced = ? WHERE object_key = ?")) {
      update.setLong(1, count);
      update.setString(2, objectKey);
      update.executeUpdate();
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
    return select(connection, " WHERE schema_name = ? AND table_name = ?", table).stream()
        .findFirst();
  }

  /** The table's row, locked until the transaction ends. */
  static Optional<Row> tableForUpdate(Connection connection, TableId table) throws SQLException {
    return select(connection, " WHERE schema_name = ? AND table_name = ? FOR UPDATE", table)
        .stream()
        .findFirst();
  }

  static List<Row> tables(Connection connection) throws SQLException {
    return select(connection, " ORDER BY schema_name, table_name", null);
  }

  private static List<Row> select(Connection connection, String where, TableId table)
      throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT schema_name, table_name, schema_json, last_key, view_schema_json, view_reason,"
                + " origin FROM binlake.tables"
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
                  DMS.equals(rows.getString(7))));
        }
      }
      return result;
    }
  }

  /**
   * Makes {@code file}'s shape the table's current one when the file holds the highest keys seen so
   * far; an older file loaded late leaves the shape alone. One statement, so concurrent loaders of
   * one table cannot roll it back.
   */
  static void advanceShape(Connection connection, ChangeFile file) throws SQLException {
    advanceShape(connection, file.schema(), file.last().value(), BINLAKE);
  }

  /** Like {@link #advanceShape(Connection, ChangeFile)} for any file: orders compare as text. */
  static void advanceShape(Connection connection, TableSchema schema, String last, String origin)
      throws SQLException {
    try (PreparedStatement upsert =
        connection.prepareStatement(
            "INSERT INTO binlake.tables (schema_name, table_name, schema_json, primary_key,"
                + " last_key, origin, updated_at) VALUES (?, ?, ?, ?, ?, ?, now())"
                + " ON CONFLICT (schema_name, table_name) DO UPDATE SET"
                + " schema_json = EXCLUDED.schema_json, primary_key = EXCLUDED.primary_key,"
                + " last_key = EXCLUDED.last_key, origin = EXCLUDED.origin, updated_at = now()"
                + " WHERE binlake.tables.last_key < EXCLUDED.last_key")) {
      upsert.setString(1, schema.table().schema());
      upsert.setString(2, schema.table().table());
      upsert.setString(3, SchemaJson.write(schema));
      upsert.setString(4, String.join(",", schema.primaryKey()));
      upsert.setString(5, last);
      upsert.setString(6, origin);
      upsert.executeUpdate();
    }
  }

  /** A table takes binlake change files or DMS files, never both: their orders do not compare. */
  static void requireOrigin(Connection connection, String key, TableId table, boolean isDms)
      throws SQLException {
    Optional<Row> row = table(connection, table);
    if (row.isPresent() && row.get().isDms() != isDms) {
      throw new dev.binlake.api.BinlakeException(
          dev.binlake.api.ErrorCode.FILE_INVALID,
          "Cannot load %s into %s: it is %s but the table holds %s, and their order values do"
              + " not compare (keep AWS DMS output and binlake change files under different"
              + " prefixes or tables)",
          key,
          PostgresSql.historyTable(table),
          isDms ? "AWS DMS output" : "a binlake change file",
          isDms ? "binlake change files" : "AWS DMS output");
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
