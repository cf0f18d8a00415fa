package dev.binlake.warehouse.duckdb;

import dev.binlake.api.BinlakeException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.OptionalLong;
import java.util.function.LongFunction;

/**
 * The one transaction in which a file's rows enter a history table, for binlake change files and
 * DMS files alike: nothing when the ledger has the file already, else the insert, the row count
 * check, the ledger row and the table's shape, committed together (anything failing rolls all of it
 * back).
 */
final class LoadTransaction {
  /** Inserts a file's rows, giving how many. */
  interface Insert {
    long rows() throws SQLException;
  }

  /** Records a load in the ledger and the table's shape, given the rows inserted. */
  interface Record {
    void loaded(long rows) throws SQLException;
  }

  private LoadTransaction() {}

  /**
   * Runs the load on {@code writer} (in auto-commit mode; left in it): the rows inserted, or empty
   * when the ledger already has {@code key}.
   *
   * @param countMismatch the failure for an insert that did not give {@code expectedRows} rows
   */
  static OptionalLong run(
      Connection writer,
      String key,
      Insert insert,
      long expectedRows,
      LongFunction<BinlakeException> countMismatch,
      Record record)
      throws SQLException {
    writer.setAutoCommit(false);
    try {
      if (MetadataTables.isLoaded(writer, key)) {
        writer.rollback();
        return OptionalLong.empty();
      }
      long inserted = insert.rows();
      if (inserted != expectedRows) {
        throw countMismatch.apply(inserted);
      }
      record.loaded(inserted);
      writer.commit();
      return OptionalLong.of(inserted);
    } catch (SQLException | RuntimeException e) {
      writer.rollback();
      throw e;
    } finally {
      writer.setAutoCommit(true);
    }
  }
}
