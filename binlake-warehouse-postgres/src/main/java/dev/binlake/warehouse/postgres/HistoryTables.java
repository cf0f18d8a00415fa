package dev.binlake.warehouse.postgres;

import static dev.binlake.warehouse.postgres.PostgresSql.quote;

import dev.binlake.api.BinlakeException;
import dev.binlake.api.ChangeFile;
import dev.binlake.api.Column;
import dev.binlake.api.ErrorCode;
import dev.binlake.api.TableId;
import dev.binlake.api.TableSchema;
import dev.binlake.api.ViewKey;
import dev.binlake.api.ViewKeys;
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
    checkNames(file.key(), file.schema());
  }

  /** Like {@link #checkNames(ChangeFile)} for any file. */
  static void checkNames(String key, TableSchema schema) {
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
          key,
          tooLong,
          PostgresSql.MAX_IDENTIFIER_BYTES);
    }
  }

  /** Whether {@code existing} lacks a column of the file or, for the newest file, has its type. */
  static boolean needsDdl(Map<String, String> existing, ChangeFile file, boolean isNewest) {
    return needsDdl(existing, file.schema(), isNewest);
  }

  static boolean needsDdl(Map<String, String> existing, TableSchema schema, boolean isNewest) {
    if (existing.isEmpty()) {
      return true;
    }
    for (Column column : schema.columns()) {
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
    prepare(connection, file.schema(), file.last().value());
  }

  /**
   * Like {@link #prepare(Connection, ChangeFile)} for a file whose highest order is {@code last}.
   */
  static void prepare(Connection connection, TableSchema schema, String last) throws SQLException {
    TableId table = schema.table();
    String history = PostgresSql.historyTable(table);
    boolean committed = false;
    connection.setAutoCommit(false);
    try (Statement ddl = connection.createStatement()) {
      MetadataTables.lockDdl(connection);
      Optional<MetadataTables.Row> row = MetadataTables.table(connection, table);
      boolean isNewest = row.map(r -> last.compareTo(r.lastOrder()) > 0).orElse(true);
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

  /** The view a table's current shape and key ask for: its shape (JSON) or why it has none. */
  private record Plan(ViewKey key, String viewJson, String reason) {
    static Plan of(MetadataTables.Row row, ViewKeys keys) {
      ViewKey key = keys.resolve(SchemaJson.read(row.schemaJson()));
      return key.hasView()
          ? new Plan(key, SchemaJson.write(key.viewSchema()), null)
          : new Plan(
              key,
              row.schemaJson(),
              key.noViewReason(PostgresSql.historyTable(row.table()), row.isDms()));
    }

    boolean isShownBy(MetadataTables.Row row) {
      return row.shows(viewJson, reason);
    }
  }

  /**
   * Brings the latest view in line with the table's current shape and key ({@link ViewKeys}): makes
   * it again when either changed, drops it when the table has no key, and records why a table has
   * no view. Failures are recorded as the reason and logged, never thrown: the next load tries
   * again.
   */
  static void refreshView(Connection connection, TableId table, ViewKeys keys) throws SQLException {
    Optional<MetadataTables.Row> found = MetadataTables.table(connection, table);
    if (found.isEmpty() || Plan.of(found.get(), keys).isShownBy(found.get())) {
      return;
    }
    String view = PostgresSql.view(table);
    boolean committed = false;
    connection.setAutoCommit(false);
    try (Statement ddl = connection.createStatement()) {
      MetadataTables.lockDdl(connection);
      Optional<MetadataTables.Row> locked = MetadataTables.tableForUpdate(connection, table);
      if (locked.isEmpty() || Plan.of(locked.get(), keys).isShownBy(locked.get())) {
        connection.commit();
        committed = true;
        return;
      }
      Plan plan = Plan.of(locked.get(), keys);
      TableSchema schema = plan.key().viewSchema();
      ddl.execute("DROP VIEW IF EXISTS " + view);
      if (plan.key().hasView()) {
        ddl.execute(PostgresSql.createLatestIndex(schema));
        ddl.execute(PostgresSql.createMarkerIndex(table));
        ddl.execute(PostgresSql.createLatestView(schema));
        LOG.info(
            "Latest view {} shows {} columns, the latest row per {}{}",
            view,
            schema.columns().size(),
            schema.primaryKey(),
            plan.key().source() == ViewKey.Source.CONFIGURED
                ? " (from " + ViewKeys.OPTION + ")"
                : "");
        if (!plan.key().ignored().isEmpty()) {
          LOG.warn(
              "{} names key {} for {}, which has primary key {} at the source: the view uses the"
                  + " primary key (remove the entry from {})",
              ViewKeys.OPTION,
              plan.key().ignored(),
              table,
              schema.primaryKey(),
              ViewKeys.OPTION);
        }
      }
      MetadataTables.recordView(connection, table, plan.viewJson(), plan.reason());
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
