package dev.binlake.warehouse.duckdb;

import dev.binlake.api.BinlakeException;
import dev.binlake.api.ErrorCode;
import dev.binlake.api.TableId;
import dev.binlake.api.ViewKey;
import dev.binlake.api.ViewKeys;
import dev.binlake.files.SchemaJson;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Latest views: made, remade or dropped to match each table's current shape and key. */
final class LatestViews {
  private static final Logger LOG = LoggerFactory.getLogger(LatestViews.class);

  private LatestViews() {}

  /**
   * Brings the latest view in line with the table's current shape and key ({@link ViewKeys}):
   * (re)creates it when either changed, drops it when the table has no key, and records why a table
   * has no view.
   */
  static void refresh(Connection writer, TableId table, ViewKeys keys) {
    MetadataTables.Row row;
    ViewKey key;
    String viewJson;
    String reason;
    try {
      Optional<MetadataTables.Row> found = MetadataTables.table(writer, table);
      if (found.isEmpty()) {
        return;
      }
      row = found.get();
      key = keys.resolve(SchemaJson.read(row.schemaJson()));
      viewJson = key.hasView() ? SchemaJson.write(key.viewSchema()) : row.schemaJson();
      reason =
          key.hasView()
              ? null
              : key.noViewReason(
                  DuckDbSql.historyTable(table), row.origin() == TableState.Origin.DMS);
      if (row.shows(viewJson, reason)) {
        return;
      }
    } catch (SQLException e) {
      throw new BinlakeException(
          ErrorCode.WAREHOUSE_FAILED,
          e,
          "Cannot read the shape of %s: %s (retry; check the" + " DuckDB file)",
          table,
          e.getMessage());
    }
    try (Statement ddl = writer.createStatement()) {
      if (key.hasView()) {
        ddl.execute(DuckDbSql.createLatestView(key.viewSchema()));
        MetadataTables.recordView(writer, table, viewJson, null);
        LOG.info(
            "Latest view {} shows {} columns, the latest row per {}{}",
            DuckDbSql.view(table),
            key.viewSchema().columns().size(),
            key.viewSchema().primaryKey(),
            key.source() == ViewKey.Source.CONFIGURED ? " (from " + ViewKeys.OPTION + ")" : "");
        if (!key.ignored().isEmpty()) {
          LOG.warn(
              "{} names key {} for {}, which has primary key {} at the source: the view uses the"
                  + " primary key (remove the entry from {})",
              ViewKeys.OPTION,
              key.ignored(),
              table,
              key.viewSchema().primaryKey(),
              ViewKeys.OPTION);
        }
      } else {
        ddl.execute("DROP VIEW IF EXISTS " + DuckDbSql.view(table));
        MetadataTables.recordView(writer, table, viewJson, reason);
      }
    } catch (SQLException e) {
      String failure =
          "Cannot create the latest view "
              + DuckDbSql.view(table)
              + ": "
              + DuckDbWarehouse.reason(e)
              + " (rename the object in the way; binlake retries at the next load)";
      LOG.warn(failure);
      try {
        MetadataTables.recordView(writer, table, row.viewSchemaJson().orElse(null), failure);
      } catch (SQLException ignored) {
        // the reason is logged above; the next load tries again
      }
    }
  }
}
