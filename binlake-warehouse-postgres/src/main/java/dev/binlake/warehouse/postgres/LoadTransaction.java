package dev.binlake.warehouse.postgres;

import dev.binlake.api.BinlakeException;
import dev.binlake.api.TableId;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongFunction;

/**
 * The one transaction in which a file's rows enter a history table, for binlake change files and
 * DMS files alike: claim the file's ledger row (another loader may have it: then nothing happens),
 * lock the history table against other loaders' {@code ALTER TABLE}, copy the rows with the table's
 * current column types, check their count, note replaced NUL characters, advance the table's shape,
 * commit. Anything failing rolls all of it back.
 */
final class LoadTransaction {
  /** A step that may fail with an SQL error. */
  interface SqlStep {
    void run() throws SQLException;
  }

  /** Claims the ledger row: false when another loader loaded (or is loading) the file. */
  interface Claim {
    boolean claim() throws SQLException;
  }

  /** Copies the file's rows given the history table's column types (name to SQL type). */
  interface Copy {
    RowCopy.Result copy(Map<String, String> types) throws SQLException;
  }

  private LoadTransaction() {}

  /**
   * Runs the load on {@code connection} (in auto-commit mode; left in it). Returns what was copied,
   * or empty when the claim went to another loader.
   *
   * @param countMismatch the failure for a copy that did not give {@code expectedRows} rows
   */
  static Optional<RowCopy.Result> run(
      Connection connection,
      TableId table,
      String key,
      Claim claim,
      Copy copy,
      long expectedRows,
      LongFunction<BinlakeException> countMismatch,
      SqlStep advanceShape)
      throws SQLException {
    connection.setAutoCommit(false);
    try {
      if (!claim.claim()) {
        connection.rollback();
        return Optional.empty();
      }
      try (Statement lock = connection.createStatement()) {
        // Holds off ALTER TABLE by other loaders until this load ends, so the types stay valid.
        lock.execute("LOCK TABLE " + PostgresSql.historyTable(table) + " IN ROW EXCLUSIVE MODE");
      }
      RowCopy.Result copied = copy.copy(HistoryTables.columnTypes(connection, table));
      if (copied.rows() != expectedRows) {
        throw countMismatch.apply(copied.rows());
      }
      if (copied.replacedNuls() > 0) {
        MetadataTables.recordReplacedNuls(connection, key, copied.replacedNuls());
      }
      advanceShape.run();
      connection.commit();
      return Optional.of(copied);
    } catch (SQLException | RuntimeException | Error e) {
      PostgresFailures.rollbackQuietly(connection, e);
      throw e;
    } finally {
      if (!connection.isClosed()) {
        connection.setAutoCommit(true);
      }
    }
  }
}
