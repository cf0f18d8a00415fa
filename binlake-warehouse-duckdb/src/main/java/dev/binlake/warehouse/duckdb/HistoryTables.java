package dev.binlake.warehouse.duckdb;

import static dev.binlake.warehouse.duckdb.DuckDbSql.quote;

import dev.binlake.api.Column;
import dev.binlake.api.TableId;
import dev.binlake.api.TableSchema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The DDL of history tables: created on first load, columns added as the source adds them. */
final class HistoryTables {
  private static final Logger LOG = LoggerFactory.getLogger(HistoryTables.class);

  private HistoryTables() {}

  /**
   * Creates the schema and history table if missing and adds the file's new columns (columns the
   * source dropped stay). The newest file of a table (its highest order {@code last} above the
   * table's) also sets the types of changed columns.
   */
  static void prepare(Connection writer, TableSchema schema, String last) throws SQLException {
    String history = DuckDbSql.historyTable(schema.table());
    try (Statement ddl = writer.createStatement()) {
      ddl.execute("CREATE SCHEMA IF NOT EXISTS " + quote(schema.table().schema()));
      ddl.execute(DuckDbSql.createHistoryTable(schema));
      Map<String, String> existing = historyColumns(writer, schema.table());
      boolean isNewest =
          MetadataTables.table(writer, schema.table())
              .map(row -> last.compareTo(row.lastOrder()) > 0)
              .orElse(true);
      for (Column column : schema.columns()) {
        String type = DuckDbSql.typeOf(column.type());
        String current = existing.get(column.name());
        if (current == null) {
          ddl.execute(
              "ALTER TABLE " + history + " ADD COLUMN " + quote(column.name()) + " " + type);
          LOG.info("Added column {} {} to {}", column.name(), type, history);
        } else if (!current.equals(type) && isNewest) {
          ddl.execute(
              "ALTER TABLE " + history + " ALTER COLUMN " + quote(column.name()) + " TYPE " + type);
          LOG.info("Changed column {} of {} from {} to {}", column.name(), history, current, type);
        }
      }
    }
  }

  /** Column name (case-insensitive, as DuckDB matches names) to type. */
  private static Map<String, String> historyColumns(Connection writer, TableId table)
      throws SQLException {
    Map<String, String> columns = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    try (PreparedStatement select =
        writer.prepareStatement(
            "SELECT column_name, data_type FROM duckdb_columns()"
                + " WHERE schema_name = ? AND table_name = ?")) {
      select.setString(1, table.schema());
      select.setString(2, table.table() + "_history");
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          columns.put(rows.getString(1), rows.getString(2));
        }
      }
    }
    return columns;
  }
}
