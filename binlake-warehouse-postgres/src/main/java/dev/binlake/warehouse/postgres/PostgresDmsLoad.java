package dev.binlake.warehouse.postgres;

import dev.binlake.api.BinlakeException;
import dev.binlake.api.DmsFile;
import dev.binlake.api.ErrorCode;
import dev.binlake.api.LoadResult;
import dev.binlake.api.TableId;
import dev.binlake.files.dms.DmsFileReader;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The AWS DMS load path of {@link PostgresWarehouse#loadDms}: one pass over the file for its row
 * count and order bounds, DDL outside the transaction, then ledger claim, binary COPY and the
 * table's shape in one transaction.
 */
final class PostgresDmsLoad {
  private PostgresDmsLoad() {}

  /**
   * Loads {@code file} on the writer connection (in auto-commit mode; left in it).
   *
   * @param refreshView refreshes a table's latest view after a load or a skipped one; it handles
   *     its own failures
   * @throws SQLException for the caller to turn into a load failure; nothing of the file was kept
   */
  static LoadResult load(
      Connection connection, DmsFile file, Path localFile, Consumer<TableId> refreshView)
      throws SQLException {
    TableId table = file.table();
    if (MetadataTables.isLoaded(connection, file.key())) {
      refreshView.accept(table);
      return new LoadResult(file.key(), table, 0, LoadResult.Outcome.ALREADY_LOADED);
    }
    MetadataTables.requireOrigin(connection, file.key(), table, true);
    DmsSummary summary = DmsSummary.of(file, localFile);
    boolean isNewest =
        MetadataTables.table(connection, table)
            .map(row -> summary.last().compareTo(row.lastOrder()) > 0)
            .orElse(true);
    if (HistoryTables.needsDdl(
        HistoryTables.columnTypes(connection, table), file.schema(), isNewest)) {
      HistoryTables.prepare(connection, file.schema(), summary.last());
    }
    Optional<RowCopy.Result> copied =
        LoadTransaction.run(
            connection,
            table,
            file.key(),
            () ->
                MetadataTables.claim(
                    connection, file.key(), table, summary.rows(), summary.first(), summary.last()),
            types -> RowCopy.copyDms(connection, file, localFile, types),
            summary.rows(),
            rows ->
                new BinlakeException(
                    ErrorCode.LOAD_FAILED,
                    "Cannot load %s: copied %d rows, expected %d (nothing was loaded; the load is"
                        + " retried)",
                    file.key(),
                    rows,
                    summary.rows()),
            () ->
                MetadataTables.advanceShape(
                    connection, file.schema(), summary.last(), MetadataTables.DMS));
    refreshView.accept(table);
    if (copied.isEmpty()) {
      return new LoadResult(file.key(), table, 0, LoadResult.Outcome.ALREADY_LOADED);
    }
    return new LoadResult(file.key(), table, copied.get().rows(), LoadResult.Outcome.LOADED);
  }

  /** Rows and lowest and highest order value of a DMS file, from one pass over its rows. */
  private record DmsSummary(long rows, String first, String last) {
    static DmsSummary of(DmsFile file, Path localFile) {
      long[] rows = {0};
      String[] bounds = {null, null};
      DmsFileReader.readRows(
          localFile,
          file,
          (op, timestamp, order, values) -> {
            rows[0]++;
            if (bounds[0] == null || order.compareTo(bounds[0]) < 0) {
              bounds[0] = order;
            }
            if (bounds[1] == null || order.compareTo(bounds[1]) > 0) {
              bounds[1] = order;
            }
          });
      if (rows[0] != file.rowCount()) {
        throw new BinlakeException(
            ErrorCode.FILE_INVALID,
            "Cannot load %s: it holds %d rows but its footer says %d (nothing was loaded; fix or"
                + " remove the file)",
            file.key(),
            rows[0],
            file.rowCount());
      }
      String empty = file.orderOf(null, 0);
      return new DmsSummary(
          rows[0], bounds[0] == null ? empty : bounds[0], bounds[1] == null ? empty : bounds[1]);
    }
  }
}
