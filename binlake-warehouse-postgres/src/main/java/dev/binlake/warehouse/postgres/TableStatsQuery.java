package dev.binlake.warehouse.postgres;

import dev.binlake.api.TableId;
import dev.binlake.api.TableStats;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.Optional;

/** One table's figures for {@code status}: history and latest rows, files, last key, dropped. */
final class TableStatsQuery {
  private TableStatsQuery() {}

  static TableStats stats(Connection connection, Statement statement, MetadataTables.Row row)
      throws SQLException {
    TableId table = row.table();
    long historyRows;
    Optional<OffsetDateTime> lastCommit;
    boolean dropped;
    try (ResultSet rows =
        statement.executeQuery(
            "SELECT count(*), max("
                + PostgresSql.quote(PostgresSql.COMMIT_TS)
                + "), coalesce(bool_or("
                + PostgresSql.quote(PostgresSql.OP)
                + " = '"
                + dev.binlake.api.Op.DROP_TABLE.code()
                + "' AND "
                + PostgresSql.quote(PostgresSql.ORDER)
                + " = '"
                + row.lastOrder().replace("'", "''")
                + "'), false) FROM "
                + PostgresSql.historyTable(table))) {
      rows.next();
      historyRows = rows.getLong(1);
      lastCommit = Optional.ofNullable(rows.getObject(2, OffsetDateTime.class));
      dropped = rows.getBoolean(3);
    }
    long latestRows = 0;
    if (row.viewReason().isEmpty() && row.viewSchemaJson().isPresent()) {
      try (ResultSet rows =
          statement.executeQuery("SELECT count(*) FROM " + PostgresSql.view(table))) {
        rows.next();
        latestRows = rows.getLong(1);
      }
    }
    return new TableStats(
        table,
        historyRows,
        latestRows,
        MetadataTables.fileCount(connection, table),
        row.isDms() ? Optional.empty() : Optional.of(row.lastKey()),
        lastCommit.map(OffsetDateTime::toInstant),
        row.viewReason(),
        dropped);
  }
}
