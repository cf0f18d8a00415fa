package dev.binlake.capture;

import dev.binlake.capture.preflight.Preflight;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the source whether the binlog from a transaction start up to a target is one standalone DDL
 * transaction (MariaDB: a {@code Gtid} event without {@code BEGIN}, then the DDL's {@code Query}
 * event). Debezium keeps its offset at such a transaction's start after handling the DDL, because
 * no commit event closes it; heartbeats then repeat that offset until the next transaction.
 */
final class TrailingDdl {
  private static final Logger LOG = LoggerFactory.getLogger(TrailingDdl.class);

  private TrailingDdl() {}

  /** True if the events from {@code start} up to {@code target} are one standalone DDL. */
  static boolean endsAt(SourceSettings source, BinlogPosition start, BinlogPosition target) {
    if (!start.file().equals(target.file()) || start.position() >= target.position()) {
      return false;
    }
    String sql =
        "SHOW BINLOG EVENTS IN '"
            + start.file().replace("'", "''")
            + "' FROM "
            + start.position()
            + " LIMIT 2";
    try (Connection connection = Preflight.connect(source);
        Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery(sql)) {
      if (!rs.next()
          || !"Gtid".equals(rs.getString("Event_type"))
          || rs.getLong("Pos") != start.position()
          || String.valueOf(rs.getString("Info")).startsWith("BEGIN")
          || !rs.next()
          || !"Query".equals(rs.getString("Event_type"))) {
        return false;
      }
      return rs.getLong("End_log_pos") >= target.position();
    } catch (SQLException | RuntimeException e) {
      LOG.debug("Cannot read the binlog events at {}: {}", start, e.getMessage());
      return false;
    }
  }
}
