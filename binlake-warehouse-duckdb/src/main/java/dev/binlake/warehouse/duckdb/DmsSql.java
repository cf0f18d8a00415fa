package dev.binlake.warehouse.duckdb;

import static dev.binlake.warehouse.duckdb.DuckDbSql.literal;
import static dev.binlake.warehouse.duckdb.DuckDbSql.quote;

import dev.binlake.api.DmsFile;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.stream.Collectors;

/**
 * SQL that reads an AWS DMS file into history-table rows: {@code Op} ({@code 'I'} without the
 * column), {@code binlake_commit_ts} from the DMS timestamp text (UTC), {@code binlake_order} as
 * {@link DmsFile#orderOf} computes it (DuckDB's {@code file_row_number} is the row number), then
 * the source columns by name.
 */
final class DmsSql {
  private DmsSql() {}

  /** What a DMS file holds: rows, lowest and highest order value, rows whose Op is not I/U/D. */
  record Summary(long rows, String first, String last, long badOps) {}

  /** The rows as history rows; one parameter: the local file's path. */
  static String selectRows(DmsFile file) {
    String op = file.hasOpColumn() ? quote(DuckDbSql.OP) : "'I'";
    String commitTs =
        file.timestampColumn()
            .map(ts -> "timezone('UTC', CAST(" + quote(ts) + " AS TIMESTAMP))")
            .orElse("CAST(NULL AS TIMESTAMP WITH TIME ZONE)");
    String digits =
        file.timestampColumn()
            .map(
                ts ->
                    "rpad(regexp_replace("
                        + quote(ts)
                        + ", '[^0-9]', '', 'g'), "
                        + DmsFile.TIMESTAMP_DIGITS
                        + ", '0')")
            .orElse(literal(DmsFile.timestampDigits(null)));
    String order =
        digits
            + " || "
            + literal("-" + file.fileOrder() + "-")
            + " || lpad(CAST(file_row_number AS VARCHAR), 12, '0')";
    String columns =
        file.schema().columns().stream()
            .map(c -> quote(c.name()))
            .collect(Collectors.joining(", "));
    return "SELECT "
        + op
        + " AS "
        + quote(DuckDbSql.OP)
        + ", "
        + commitTs
        + " AS "
        + quote(DuckDbSql.COMMIT_TS)
        + ", "
        + order
        + " AS "
        + quote(DuckDbSql.ORDER)
        + ", "
        + columns
        + " FROM read_parquet(?, file_row_number = true)";
  }

  static Summary summarize(Connection connection, DmsFile file, Path localFile)
      throws SQLException {
    String order = quote(DuckDbSql.ORDER);
    String op = quote(DuckDbSql.OP);
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT count(*), min("
                + order
                + "), max("
                + order
                + "), count(*) FILTER (WHERE "
                + op
                + " IS NULL OR "
                + op
                + " NOT IN ('I', 'U', 'D')) FROM ("
                + selectRows(file)
                + ") AS dms_rows")) {
      select.setString(1, localFile.toAbsolutePath().toString());
      try (ResultSet rows = select.executeQuery()) {
        rows.next();
        long count = rows.getLong(1);
        String empty = file.orderOf(null, 0);
        return new Summary(
            count,
            count == 0 ? empty : rows.getString(2),
            count == 0 ? empty : rows.getString(3),
            rows.getLong(4));
      }
    }
  }

  static long insert(Connection connection, DmsFile file, Path localFile) throws SQLException {
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO "
                + DuckDbSql.historyTable(file.table())
                + " BY NAME "
                + selectRows(file))) {
      insert.setString(1, localFile.toAbsolutePath().toString());
      return insert.executeUpdate();
    }
  }
}
