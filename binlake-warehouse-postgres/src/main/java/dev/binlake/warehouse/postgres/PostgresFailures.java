package dev.binlake.warehouse.postgres;

import dev.binlake.api.BinlakeException;
import dev.binlake.api.ChangeFile;
import dev.binlake.api.ErrorCode;
import java.sql.Connection;
import java.sql.SQLException;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * Turns PostgreSQL errors into binlake's error codes by SQLSTATE: data the server refuses ({@link
 * ErrorCode#FILE_INVALID}, the loader dead-letters the file), trouble that may pass ({@link
 * ErrorCode#LOAD_FAILED}, retried) and everything else ({@link ErrorCode#WAREHOUSE_FAILED}).
 */
final class PostgresFailures {
  private PostgresFailures() {}

  /** The server's own message (without the driver's "ERROR: " prefix) and where it happened. */
  static String reason(SQLException e) {
    if (e instanceof PSQLException psql && psql.getServerErrorMessage() != null) {
      ServerErrorMessage server = psql.getServerErrorMessage();
      String where = server.getWhere();
      return server.getMessage() + (where == null ? "" : " (at " + where.strip() + ")");
    }
    return String.valueOf(e.getMessage()).strip();
  }

  /** SQLSTATEs that say the file's rows do not fit: loading again cannot help. */
  static boolean isRejectedData(String sqlState) {
    return sqlState != null
        && (sqlState.startsWith("22") // data exception: out of range, invalid text, ...
            || sqlState.startsWith("23") // integrity constraint violation
            || sqlState.equals("42804") // datatype mismatch
            || sqlState.equals("42846")); // cannot coerce
  }

  /** SQLSTATEs of trouble that may pass: connection, deadlock, serialization, resources. */
  static boolean isTransient(String sqlState) {
    return sqlState == null
        || sqlState.startsWith("08")
        || sqlState.startsWith("40")
        || sqlState.startsWith("53")
        || sqlState.startsWith("55")
        || sqlState.startsWith("57")
        || sqlState.startsWith("58");
  }

  /** Rolls back after {@code failure}; a failing rollback is attached to it. */
  static void rollbackQuietly(Connection connection, Throwable failure) {
    try {
      if (!connection.isClosed()) {
        connection.rollback();
      }
    } catch (SQLException e) {
      failure.addSuppressed(e);
    }
  }

  static BinlakeException loadFailure(ChangeFile file, SQLException e) {
    return loadFailure(file.key(), file.table(), e);
  }

  static BinlakeException loadFailure(String key, dev.binlake.api.TableId table, SQLException e) {
    String history = PostgresSql.historyTable(table);
    String state = e.getSQLState();
    if (isRejectedData(state)) {
      return new BinlakeException(
          ErrorCode.FILE_INVALID,
          e,
          "Cannot load %s into %s: PostgreSQL rejects it: %s (fix the file or the history table,"
              + " then load the file again)",
          key,
          history,
          reason(e));
    }
    if (isTransient(state)) {
      return new BinlakeException(
          ErrorCode.LOAD_FAILED,
          e,
          "Cannot load %s into %s: %s (the load is retried; nothing of the file was kept)",
          key,
          history,
          reason(e));
    }
    return new BinlakeException(
        ErrorCode.WAREHOUSE_FAILED,
        e,
        "Cannot load %s into %s: %s [SQLSTATE %s] (check the database and binlake's privileges"
            + " there; the load is retried and nothing of the file was kept)",
        key,
        history,
        reason(e),
        state);
  }
}
