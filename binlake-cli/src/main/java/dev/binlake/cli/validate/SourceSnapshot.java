package dev.binlake.cli.validate;

import dev.binlake.api.BinlakeException;
import dev.binlake.api.ErrorCode;
import dev.binlake.api.TableId;
import dev.binlake.capture.BinlogPosition;
import dev.binlake.capture.SourceSettings;
import dev.binlake.capture.TableFilter;
import dev.binlake.capture.preflight.Preflight;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * One source connection inside {@code START TRANSACTION WITH CONSISTENT SNAPSHOT}: every query of a
 * validation reads the same point, and on MariaDB {@code binlog_snapshot_file/position} say which
 * binlog position that point is (changes before it are in the read view, later ones are not). The
 * session runs in UTC so TIMESTAMP columns print as UTC instants.
 */
final class SourceSnapshot implements AutoCloseable {
  private final Connection connection;
  private final BinlogPosition position;

  private SourceSnapshot(Connection connection, BinlogPosition position) {
    this.connection = connection;
    this.position = position;
  }

  static SourceSnapshot open(SourceSettings source) {
    Connection connection = Preflight.connect(source);
    try (Statement statement = connection.createStatement()) {
      statement.execute("SET SESSION time_zone = '+00:00'");
      statement.execute("SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ");
      statement.execute("START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY");
      String file = null;
      long pos = -1;
      try (ResultSet rows = statement.executeQuery("SHOW STATUS LIKE 'binlog_snapshot_%'")) {
        while (rows.next()) {
          if (rows.getString(1).equalsIgnoreCase("binlog_snapshot_file")) {
            file = rows.getString(2);
          } else if (rows.getString(1).equalsIgnoreCase("binlog_snapshot_position")) {
            pos = Long.parseLong(rows.getString(2));
          }
        }
      }
      BinlogPosition position =
          file == null || file.isEmpty() || pos < 0
              ? Preflight.currentBinlogEnd(source) // MySQL: no consistent binlog point, see docs
              : new BinlogPosition(file, pos);
      return new SourceSnapshot(connection, position);
    } catch (SQLException | RuntimeException e) {
      try {
        connection.close();
      } catch (SQLException ignored) {
        // the first failure is the one to report
      }
      if (e instanceof BinlakeException binlake) {
        throw binlake;
      }
      throw new BinlakeException(
          ErrorCode.SOURCE_UNREACHABLE,
          e,
          "Cannot open a consistent snapshot on source %s: %s (check that the source is"
              + " reachable and binlog is on)",
          source.address(),
          e.getMessage());
    }
  }

  Connection connection() {
    return connection;
  }

  /** The binlog position of the snapshot: the warehouse is compared as of this point. */
  BinlogPosition position() {
    return position;
  }

  /** Base tables that the include/exclude rules select, sorted. */
  List<TableId> tables(TableFilter filter) {
    List<TableId> tables = new ArrayList<>();
    forEachRow(
        "SELECT TABLE_SCHEMA, TABLE_NAME FROM information_schema.TABLES WHERE"
            + " TABLE_TYPE = 'BASE TABLE' AND TABLE_SCHEMA NOT IN ('mysql', 'sys',"
            + " 'information_schema', 'performance_schema') ORDER BY 1, 2",
        List.of(),
        rows -> {
          TableId table = new TableId(rows.getString(1), rows.getString(2));
          if (filter.matches(table)) {
            tables.add(table);
          }
        });
    return tables;
  }

  List<SourceColumn> columns(TableId table) {
    List<SourceColumn> columns = new ArrayList<>();
    forEachRow(
        "SELECT COLUMN_NAME, DATA_TYPE FROM information_schema.COLUMNS WHERE"
            + " TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION",
        List.of(table.schema(), table.table()),
        rows -> columns.add(new SourceColumn(rows.getString(1), rows.getString(2))));
    return columns;
  }

  List<String> primaryKey(TableId table) {
    List<String> key = new ArrayList<>();
    forEachRow(
        "SELECT COLUMN_NAME FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ?"
            + " AND TABLE_NAME = ? AND INDEX_NAME = 'PRIMARY' ORDER BY SEQ_IN_INDEX",
        List.of(table.schema(), table.table()),
        rows -> key.add(rows.getString(1)));
    return key;
  }

  private interface RowAction {
    void accept(ResultSet rows) throws SQLException;
  }

  private void forEachRow(String sql, List<String> args, RowAction action) {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < args.size(); i++) {
        statement.setString(i + 1, args.get(i));
      }
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          action.accept(rows);
        }
      }
    } catch (SQLException e) {
      throw new BinlakeException(
          ErrorCode.SOURCE_UNREACHABLE,
          e,
          "Cannot read the source's table definitions: %s (check that the source is reachable"
              + " and the user may read information_schema)",
          e.getMessage());
    }
  }

  @Override
  public void close() {
    try (Statement statement = connection.createStatement()) {
      statement.execute("ROLLBACK");
    } catch (SQLException ignored) {
      // closing ends the transaction anyway
    }
    try {
      connection.close();
    } catch (SQLException ignored) {
      // nothing was written
    }
  }
}
