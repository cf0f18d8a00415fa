package dev.binlake.warehouse.postgres;

import static dev.binlake.warehouse.postgres.PostgresSql.quote;

import dev.binlake.api.BinlakeException;
import dev.binlake.api.ChangeFile;
import dev.binlake.api.Column;
import dev.binlake.api.DmsFile;
import dev.binlake.api.ErrorCode;
import dev.binlake.api.TableId;
import dev.binlake.files.DmsFileRewriter;
import dev.binlake.files.ParquetChangeReader;
import dev.binlake.files.dms.DmsFileReader;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams a change file's rows into its history table with binary {@code COPY … FROM STDIN}, inside
 * the caller's transaction. When the history table's column types are the file's (the usual case)
 * rows go straight in; otherwise (an older file loaded after a column changed type) they go to a
 * temporary table of the file's shape first and are cast on the way to the history table.
 */
final class RowCopy {
  private static final Logger LOG = LoggerFactory.getLogger(RowCopy.class);
  private static final String STAGE = "binlake_incoming";

  /** Rows copied and U+0000 characters replaced. */
  record Result(long rows, long replacedNuls) {}

  /** Carries a driver exception out of the row callback. */
  private static final class CopyFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CopyFailure(SQLException cause) {
      super(cause);
    }

    @Override
    public synchronized SQLException getCause() {
      return (SQLException) super.getCause();
    }
  }

  private RowCopy() {}

  /** Feeds every row of one file to the COPY's encoder, in file order. */
  @FunctionalInterface
  interface RowFeed {
    void feed(BinaryCopyWriter writer) throws SQLException;
  }

  /**
   * @param historyTypes the history table's columns and types, read under a lock that keeps them
   */
  static Result copy(
      Connection connection, ChangeFile file, Path localFile, Map<String, String> historyTypes)
      throws SQLException {
    return copy(
        connection,
        file.key(),
        file.table(),
        file.schema().columns(),
        historyTypes,
        writer ->
            ParquetChangeReader.readRows(
                localFile,
                (op, commitTimeMicros, orderKey, values) -> {
                  try {
                    writer.write(op, commitTimeMicros, orderKey, values);
                  } catch (SQLException e) {
                    throw new CopyFailure(e);
                  }
                }));
  }

  /** Copies an AWS DMS file's rows: order values and commit times as {@link DmsFile} defines. */
  static Result copyDms(
      Connection connection, DmsFile file, Path localFile, Map<String, String> historyTypes)
      throws SQLException {
    return copy(
        connection,
        file.key(),
        file.table(),
        file.schema().columns(),
        historyTypes,
        writer ->
            DmsFileReader.readRows(
                localFile,
                file,
                (op, timestamp, order, values) -> {
                  try {
                    writer.write(op, DmsFileRewriter.commitMicros(file, timestamp), order, values);
                  } catch (SQLException e) {
                    throw new CopyFailure(e);
                  }
                }));
  }

  private static Result copy(
      Connection connection,
      String key,
      TableId table,
      List<Column> columns,
      Map<String, String> historyTypes,
      RowFeed feed)
      throws SQLException {
    boolean direct =
        columns.stream()
            .allMatch(c -> PostgresSql.typeOf(c.type()).equals(historyTypes.get(c.name())));
    String history = PostgresSql.historyTable(table);
    String target = history;
    if (!direct) {
      try (Statement ddl = connection.createStatement()) {
        ddl.execute(
            "CREATE TEMPORARY TABLE "
                + STAGE
                + " ("
                + PostgresSql.columnDefinitions(columns)
                + ") ON COMMIT DROP");
      }
      target = "pg_temp." + STAGE;
      LOG.debug("Column types of {} differ from those of {}: staging its rows", history, key);
    }
    Result result = copyRows(connection, key, target, columns, feed);
    if (!direct) {
      try (Statement insert = connection.createStatement()) {
        String casts =
            columns.stream()
                .map(c -> "CAST(" + quote(c.name()) + " AS " + historyTypes.get(c.name()) + ")")
                .collect(Collectors.joining(", "));
        long inserted =
            insert.executeLargeUpdate(
                "INSERT INTO "
                    + history
                    + " ("
                    + PostgresSql.columnList(columns)
                    + ") SELECT "
                    + PostgresSql.names(
                        List.of(PostgresSql.OP, PostgresSql.COMMIT_TS, PostgresSql.ORDER))
                    + ", "
                    + casts
                    + " FROM pg_temp."
                    + STAGE);
        result = new Result(inserted, result.replacedNuls());
      }
    }
    return result;
  }

  private static Result copyRows(
      Connection connection, String key, String target, List<Column> columns, RowFeed feed)
      throws SQLException {
    CopyIn copy =
        connection
            .unwrap(PGConnection.class)
            .getCopyAPI()
            .copyIn(
                "COPY "
                    + target
                    + " ("
                    + PostgresSql.columnList(columns)
                    + ") FROM STDIN (FORMAT binary)");
    try {
      BinaryCopyWriter writer = new BinaryCopyWriter(columns, copy::writeToCopy);
      feed.feed(writer);
      writer.finish();
      long copied = copy.endCopy();
      return new Result(copied, writer.replacedNuls());
    } catch (CopyFailure e) {
      throw cancel(copy, e.getCause());
    } catch (IllegalArgumentException e) {
      throw cancel(
          copy,
          new BinlakeException(
              ErrorCode.FILE_INVALID,
              e,
              "Cannot load %s: its rows do not match its columns: %s (the file was changed after"
                  + " it was written: move it out of the change-file prefix)",
              key,
              e.getMessage()));
    } catch (SQLException e) {
      throw cancel(copy, e);
    } catch (RuntimeException e) {
      throw cancel(copy, e);
    } catch (Error e) { // e.g. OutOfMemoryError: an unfinished COPY would block the connection
      throw cancel(copy, e);
    }
  }

  /** Ends an unfinished COPY so the connection can roll back; returns {@code failure}. */
  private static <E extends Throwable> E cancel(CopyIn copy, E failure) {
    if (copy.isActive()) {
      try {
        copy.cancelCopy();
      } catch (SQLException e) {
        failure.addSuppressed(e);
      }
    }
    return failure;
  }
}
