package dev.binlake.warehouse.postgres;

import static dev.binlake.warehouse.postgres.PostgresSql.quote;

import dev.binlake.api.BinlakeException;
import dev.binlake.api.ChangeFile;
import dev.binlake.api.Column;
import dev.binlake.api.ErrorCode;
import dev.binlake.api.TableId;
import dev.binlake.api.TableSchema;
import dev.binlake.files.SchemaJson;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DDL of history tables and latest views. Every change runs in a transaction of its own holding
 * {@link MetadataTables#DDL_LOCK}, so loaders in several processes never race on a {@code CREATE}
 * or {@code ALTER}; loads themselves never run DDL on history tables.
 */
final class HistoryTables {
  private static final Logger LOG = LoggerFactory.getLogger(HistoryTables.class);

  private HistoryTables() {}

  /** Column name (exact case, as quoted identifiers match) to {@code format_type()} text. */
  static Map<String, String> columnTypes(Connection connection, TableId table) throws SQLException {
    Map<String, String> columns = new LinkedHashMap<>();
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT a.attname, format_type(a.atttypid, a.atttypmod) FROM pg_attribute a"
                + " JOIN pg_class c ON c.oid = a.attrelid"
                + " JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE n.nspname = ? AND c.relname = ? AND c.relkind = 'r'"
                + " AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum")) {
      select.setString(1, table.schema());
      select.setString(2, PostgresSql.historyName(table));
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          columns.put(rows.getString(1), rows.getString(2));
        }
      }
    }
    return columns;
  }

  /**
   * Names PostgreSQL would cut short (and so merge) make the file unloadable here.
   *
   * @throws BinlakeException with {@link ErrorCode#FILE_INVALID}
   */
  static void checkNames(ChangeFile file) {
    TableSchema schema = file.schema();
    String tooLong = null;
    if (!PostgresSql.fitsIdentifier(schema.table().schema())) {
      tooLong = "database name " + schema.table().schema();
    } else if (!PostgresSql.fitsIdentifier(PostgresSql.historyName(schema.table()))) {
      tooLong = "history table name " + PostgresSql.historyName(schema.table());
    } else {
      for (Column column : schema.columns()) {
        if (!PostgresSql.fitsIdentifier(column.name())) {
          tooLong = "column name " + column.name();
          break;
        }
      }
    }
    if (tooLong != null) {
      throw new BinlakeException(
          ErrorCode.FILE_INVALID,
          "Cannot load %s into PostgreSQL: the %s is longer than PostgreSQL's %d bytes"
              + " (rename it in the source, or load this table into another warehouse)",
          file.key(),
          tooLong,
          PostgresSql.MAX_IDENTIFIER_BYTES);
    }
  }

  /** Whether {@code existing} lacks a column of the file or, for the newest file, has its type. */
  static boolean needsDdl(Map<String, String> existing, ChangeFile file, boolean isNewest) {
    if (existing.isEmpty()) {
      return true;
    }
    for (Column column : file.schema().columns()) {
      String current = existing.get(column.name());
      if (current == null || (isNewest && !current.equals(PostgresSql.typeOf(column.type())))) {
        return true;
      }
    }
    return false;
  }

  /**
   * Creates the schema and history table if missing and adds the file's new columns (columns the
   * source dropped stay). The newest file of a table also sets the types of changed columns; the
   * view, which PostgreSQL ties to those types, is dropped and made again in the same transaction.
   */
  static void prepare(Connection connection, ChangeFile file) throws SQLException {
    TableSchema schema = file.schema();
    TableId table = schema.table();
    String history = PostgresSql.historyTable(table);
    boolean committed = false;
    connection.setAutoCommit(false);
    try (Statement ddl = connection.createStatement()) {
      MetadataTables.lockDdl(connection);
      Optional<MetadataTables.Row> row = MetadataTables.table(connection, table);
      boolean isNewest = row.map(r -> file.last().isAfter(r.lastKey())).orElse(true);
      ddl.execute("CREATE SCHEMA IF NOT EXISTS " + quote(table.schema()));
      ddl.execute(PostgresSql.createHistoryTable(schema));
      Map<String, String> existing = columnTypes(connection, table);
      boolean viewDropped = false;
      for (Column column : schema.columns()) {
        String type = PostgresSql.typeOf(column.type());
        String current = existing.get(column.name());
        if (current == null) {
          ddl.execute(
              "ALTER TABLE " + history + " ADD COLUMN " + quote(column.name()) + " " + type);
          LOG.info("Added column {} {} to {}", column.name(), type, history);
        } else if (!current.equals(type) && isNewest) {
          if (!viewDropped) {
            ddl.execute("DROP VIEW IF EXISTS " + PostgresSql.view(table));
            viewDropped = true;
          }
          ddl.execute(
              "ALTER TABLE "
                  + history
                  + " ALTER COLUMN "
                  + quote(column.name())
                  + " TYPE "
                  + type
                  + " USING "
                  + quote(column.name())
                  + "::"
                  + type);
          LOG.info("Changed column {} of {} from {} to {}", column.name(), history, current, type);
        }
      }
      if (viewDropped && row.isPresent() && row.get().viewSchemaJson().isPresent()) {
        TableSchema shown = SchemaJson.read(row.get().viewSchemaJson().get());
        if (shown.hasPrimaryKey()) {
          ddl.execute(PostgresSql.createLatestView(shown));
        }
      }
      connection.commit();
      committed = true;
    } finally {
      if (!committed) {
        connection.rollback();
      }
      connection.setAutoCommit(true);
    }
  }

  /**
   * Brings the latest view in line with the table's current shape: makes it again when the shape
   * changed, drops it when the table has no primary key, and records why a table has no view.
   * Failures are recorded as the reason and logged, never thrown: the next load tries again.
   */
  static void refreshView(Connection connection, TableId table) throws SQLException {
    Optional<MetadataTables.Row> found = MetadataTables.table(connection, table);
    if (found.isEmpty() || found.get().isViewCurrent()) {
      return;
    }
    String view = PostgresSql.view(table);
    boolean committed = false;
    connection.setAutoCommit(false);
    try (Statement ddl = connection.createStatement()) {
      MetadataTables.lockDdl(connection);
      Optional<MetadataTables.Row> locked = MetadataTables.tableForUpdate(connection, table);
      if (locked.isEmpty() || locked.get().isViewCurrent()) {
        connection.commit();
        committed = true;
        return;
      }
      MetadataTables.Row row = locked.get();
      TableSchema schema = SchemaJson.read(row.schemaJson());
      ddl.execute("DROP VIEW IF EXISTS " + view);
      if (schema.hasPrimaryKey()) {
        ddl.execute(PostgresSql.createLatestIndex(schema));
        ddl.execute(PostgresSql.createLatestView(schema));
        MetadataTables.recordView(connection, table, row.schemaJson(), null);
        LOG.info("Latest view {} shows {} columns", view, schema.columns().size());
      } else {
        MetadataTables.recordView(
            connection,
            table,
            row.schemaJson(),
            "no primary key: the latest view needs one (add a primary key to the source table; "
                + PostgresSql.historyTable(table)
                + " has every change)");
      }
      connection.commit();
      committed = true;
    } catch (SQLException e) {
      connection.rollback();
      committed = true;
      String reason =
          "Cannot create the latest view "
              + view
              + ": "
              + PostgresFailures.reason(e)
              + " (rename the object in the way; binlake retries at the next load)";
      LOG.warn(reason);
      connection.setAutoCommit(true);
      MetadataTables.recordView(
          connection, table, found.get().viewSchemaJson().orElse(null), reason);
    } finally {
      if (!committed) {
        connection.rollback();
      }
      connection.setAutoCommit(true);
    }
  }
}
