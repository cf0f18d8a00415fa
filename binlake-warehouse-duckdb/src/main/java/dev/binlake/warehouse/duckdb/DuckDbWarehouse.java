package dev.binlake.warehouse.duckdb;

import static dev.binlake.warehouse.duckdb.DuckDbSql.quote;
import static java.util.Objects.requireNonNull;

import dev.binlake.api.BinlakeException;
import dev.binlake.api.ChangeFile;
import dev.binlake.api.DmsFile;
import dev.binlake.api.DmsWarehouse;
import dev.binlake.api.ErrorCode;
import dev.binlake.api.LoadResult;
import dev.binlake.api.QueryResult;
import dev.binlake.api.TableId;
import dev.binlake.api.TableStats;
import dev.binlake.api.ViewKeys;
import dev.binlake.api.Warehouse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.duckdb.DuckDBConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Warehouse} in one DuckDB file. Loads run one at a time on the writer connection; {@link
 * #query} and the read methods use a duplicated connection each, so they work from any thread while
 * loads run. DDL runs outside load transactions (DESIGN.md: DuckDB misreads rows inserted in the
 * transaction that created the table).
 */
public final class DuckDbWarehouse implements DmsWarehouse {
  private static final Logger LOG = LoggerFactory.getLogger(DuckDbWarehouse.class);
  private static final Pattern LOCK_HOLDER =
      Pattern.compile("Conflicting lock is held in (.+?)(?:\\. See also.*)?$", Pattern.DOTALL);

  /** DuckDB error classes that say the file's rows do not fit: loading again cannot help. */
  private static final List<String> REJECTED_INPUT =
      List.of("Conversion Error", "Invalid Input Error", "Binder Error", "Mismatch Type Error");

  private static final Pattern WRAPPED_ERROR =
      Pattern.compile("pending query result\\s*\\nError: (.*)", Pattern.DOTALL);

  private final Path dbFile;
  private final DuckDBConnection writer;
  private final ViewKeys keys;

  private DuckDbWarehouse(Path dbFile, DuckDBConnection writer, ViewKeys keys) {
    this.dbFile = dbFile;
    this.writer = writer;
    this.keys = keys;
  }

  /**
   * Opens (or creates) a DuckDB file; throws {@link ErrorCode#WAREHOUSE_LOCKED} when another
   * process holds it.
   */
  public static DuckDbWarehouse open(Path dbFile) {
    return open(dbFile, ViewKeys.none());
  }

  /**
   * Like {@link #open(Path)}, with key columns for the latest views of tables without a primary
   * key; views whose key the configuration changed are made again here.
   */
  public static DuckDbWarehouse open(Path dbFile, ViewKeys keys) {
    requireNonNull(keys, "keys is null");
    Path path = dbFile.toAbsolutePath();
    DuckDBConnection connection;
    try {
      if (path.getParent() != null) {
        Files.createDirectories(path.getParent());
      }
      connection = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:" + path);
    } catch (SQLException e) {
      throw openFailure(path, e);
    } catch (IOException e) {
      throw new BinlakeException(
          ErrorCode.WAREHOUSE_FAILED,
          e,
          "Cannot create the folder of DuckDB file %s: %s"
              + " (check the path and its permissions)",
          path,
          e.getMessage());
    }
    DuckDbWarehouse warehouse = new DuckDbWarehouse(path, connection, keys);
    try {
      setUtc(connection);
      MetadataTables.create(connection);
      for (MetadataTables.Row row : MetadataTables.tables(connection)) {
        warehouse.refreshView(row.table()); // finishes view changes a crash interrupted
      }
    } catch (SQLException | RuntimeException e) {
      warehouse.close();
      throw new BinlakeException(
          ErrorCode.WAREHOUSE_FAILED,
          e,
          "Cannot prepare DuckDB file %s: %s (check that it is a" + " binlake warehouse file)",
          path,
          e.getMessage());
    }
    LOG.info("Opened DuckDB warehouse {}", path);
    return warehouse;
  }

  private static BinlakeException openFailure(Path path, SQLException e) {
    String message = String.valueOf(e.getMessage());
    if (message.contains("Could not set lock") || message.contains("Conflicting lock")) {
      Matcher holder = LOCK_HOLDER.matcher(message);
      String who = holder.find() ? holder.group(1).trim() : "another process (" + message + ")";
      return new BinlakeException(
          ErrorCode.WAREHOUSE_LOCKED,
          e,
          "Cannot open DuckDB file %s: %s holds it (stop that"
              + " process, or run `binlake query` which goes through the running binlake)",
          path,
          who);
    }
    return new BinlakeException(
        ErrorCode.WAREHOUSE_FAILED,
        e,
        "Cannot open DuckDB file %s: %s (check the path and that"
            + " the file is a DuckDB database)",
        path,
        message);
  }

  private static void setUtc(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute("SET TimeZone = 'UTC'");
    }
  }

  public Path dbFile() {
    return dbFile;
  }

  @Override
  public synchronized LoadResult load(ChangeFile file, Path localFile) {
    requireNonNull(file, "file is null");
    requireNonNull(localFile, "localFile is null");
    TableId table = file.table();
    try {
      if (MetadataTables.isLoaded(writer, file.key())) {
        return new LoadResult(file.key(), table, 0, LoadResult.Outcome.ALREADY_LOADED);
      }
      MetadataTables.requireOrigin(writer, file.key(), table, TableState.Origin.BINLAKE);
      HistoryTables.prepare(writer, file.schema(), file.last().value());
    } catch (SQLException e) {
      throw failure(file, e);
    }
    long inserted;
    try {
      OptionalLong result =
          LoadTransaction.run(
              writer,
              file.key(),
              () -> insertRows(file, localFile),
              file.rowCount(),
              rows ->
                  new BinlakeException(
                      ErrorCode.LOAD_FAILED,
                      "Cannot load %s into %s: the file holds %d rows but its"
                          + " metadata says %d (nothing was loaded; rewrite the file)",
                      file.key(),
                      DuckDbSql.historyTable(table),
                      rows,
                      file.rowCount()),
              rows -> {
                MetadataTables.recordLoaded(writer, file);
                MetadataTables.advanceShape(writer, file);
              });
      if (result.isEmpty()) {
        return new LoadResult(file.key(), table, 0, LoadResult.Outcome.ALREADY_LOADED);
      }
      inserted = result.getAsLong();
    } catch (SQLException e) {
      throw failure(file, e);
    }
    refreshView(table);
    return new LoadResult(file.key(), table, inserted, LoadResult.Outcome.LOADED);
  }

  /**
   * Loads an AWS DMS file: {@code binlake_order} from (DMS timestamp, file, row number), see {@link
   * DmsFile#orderOf}; the view partitions by the configured key. Refuses a table that holds binlake
   * change files.
   */
  @Override
  public synchronized LoadResult loadDms(DmsFile file, Path localFile) {
    requireNonNull(file, "file is null");
    requireNonNull(localFile, "localFile is null");
    TableId table = file.table();
    DmsSql.Summary summary;
    try {
      if (MetadataTables.isLoaded(writer, file.key())) {
        return new LoadResult(file.key(), table, 0, LoadResult.Outcome.ALREADY_LOADED);
      }
      MetadataTables.requireOrigin(writer, file.key(), table, TableState.Origin.DMS);
      summary = DmsSql.summarize(writer, file, localFile);
      if (summary.rows() != file.rowCount() || summary.badOps() > 0) {
        throw new BinlakeException(
            ErrorCode.FILE_INVALID,
            "Cannot load %s into %s: %s (nothing was loaded; fix or remove the file)",
            file.key(),
            DuckDbSql.historyTable(table),
            summary.badOps() > 0
                ? summary.badOps() + " rows have an Op other than I, U or D"
                : "DuckDB reads " + summary.rows() + " rows, the footer says " + file.rowCount());
      }
      HistoryTables.prepare(writer, file.schema(), summary.last());
    } catch (SQLException e) {
      throw failure(file.key(), table, e);
    }
    try {
      OptionalLong result =
          LoadTransaction.run(
              writer,
              file.key(),
              () -> DmsSql.insert(writer, file, localFile),
              summary.rows(),
              rows ->
                  new BinlakeException(
                      ErrorCode.LOAD_FAILED,
                      "Cannot load %s: inserted %d rows, expected %d (nothing was loaded; the load"
                          + " is retried)",
                      file.key(),
                      rows,
                      summary.rows()),
              rows -> {
                MetadataTables.recordLoaded(
                    writer, file.key(), table, rows, summary.first(), summary.last());
                MetadataTables.advanceShape(
                    writer, file.schema(), summary.last(), TableState.Origin.DMS);
              });
      if (result.isEmpty()) {
        return new LoadResult(file.key(), table, 0, LoadResult.Outcome.ALREADY_LOADED);
      }
    } catch (SQLException e) {
      throw failure(file.key(), table, e);
    }
    refreshView(table);
    return new LoadResult(file.key(), table, summary.rows(), LoadResult.Outcome.LOADED);
  }

  private long insertRows(ChangeFile file, Path localFile) throws SQLException {
    try (PreparedStatement insert =
        writer.prepareStatement(
            "INSERT INTO "
                + DuckDbSql.historyTable(file.table())
                + " BY NAME SELECT * FROM read_parquet(?)")) {
      insert.setString(1, localFile.toAbsolutePath().toString());
      return insert.executeUpdate();
    }
  }

  /**
   * DuckDB's own error text. The JDBC driver sometimes wraps it as {@code Invalid Input Error:
   * Attempting to execute an unsuccessful or closed pending query result\nError: <the error>}.
   */
  static String reason(SQLException e) {
    String message = String.valueOf(e.getMessage());
    Matcher wrapped = WRAPPED_ERROR.matcher(message);
    return wrapped.find() ? wrapped.group(1).strip() : message.strip();
  }

  private static BinlakeException failure(ChangeFile file, SQLException e) {
    return failure(file.key(), file.table(), e);
  }

  private static BinlakeException failure(String key, TableId table, SQLException e) {
    String message = reason(e);
    String history = DuckDbSql.historyTable(table);
    if (REJECTED_INPUT.stream().anyMatch(message::startsWith)) {
      return new BinlakeException(
          ErrorCode.FILE_INVALID,
          e,
          "Cannot load %s into %s: DuckDB rejects it: %s (fix the file"
              + " or the history table, then load the file again)",
          key,
          history,
          message);
    }
    return new BinlakeException(
        ErrorCode.LOAD_FAILED,
        e,
        "Cannot load %s into %s: %s (the load is retried; nothing of" + " the file was kept)",
        key,
        history,
        message);
  }

  private synchronized void refreshView(TableId table) {
    LatestViews.refresh(writer, table, keys);
  }

  @Override
  public boolean isLoaded(String objectKey) {
    try (Connection connection = reader()) {
      return MetadataTables.isLoaded(connection, objectKey);
    } catch (SQLException e) {
      throw new BinlakeException(
          ErrorCode.WAREHOUSE_FAILED,
          e,
          "Cannot read the load ledger of %s: %s (retry; check the" + " DuckDB file)",
          dbFile,
          e.getMessage());
    }
  }

  @Override
  public QueryResult query(String sql) {
    try (Connection connection = reader();
        Statement statement = connection.createStatement()) {
      if (!statement.execute(sql)) {
        return new QueryResult(List.of(), List.of());
      }
      try (ResultSet rows = statement.getResultSet()) {
        ResultSetMetaData meta = rows.getMetaData();
        List<String> columns = new ArrayList<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
          columns.add(meta.getColumnLabel(i));
        }
        List<List<Object>> result = new ArrayList<>();
        while (rows.next()) {
          List<Object> values = new ArrayList<>(columns.size());
          for (int i = 1; i <= columns.size(); i++) {
            values.add(rows.getObject(i));
          }
          result.add(Collections.unmodifiableList(values));
        }
        return new QueryResult(columns, result);
      }
    } catch (SQLException e) {
      throw new BinlakeException(
          ErrorCode.WAREHOUSE_FAILED,
          e,
          "Cannot run query on %s: %s (check the SQL)",
          dbFile,
          reason(e));
    }
  }

  /** Per loaded table: its current shape, highest key and why it has no latest view, if so. */
  public List<TableState> tables() {
    try (Connection connection = reader()) {
      return MetadataTables.tables(connection).stream().map(MetadataTables.Row::toState).toList();
    } catch (SQLException e) {
      throw new BinlakeException(
          ErrorCode.WAREHOUSE_FAILED,
          e,
          "Cannot list tables of %s: %s (retry; check the DuckDB" + " file)",
          dbFile,
          e.getMessage());
    }
  }

  @Override
  public List<TableStats> tableStats() {
    try (Connection connection = reader();
        Statement statement = connection.createStatement()) {
      List<TableStats> stats = new ArrayList<>();
      for (MetadataTables.Row row : MetadataTables.tables(connection)) {
        TableId table = row.table();
        long historyRows;
        Optional<OffsetDateTime> lastCommit;
        boolean dropped;
        try (ResultSet rows =
            statement.executeQuery(
                "SELECT count(*), max("
                    + quote(DuckDbSql.COMMIT_TS)
                    + "), coalesce(arg_max("
                    + quote(DuckDbSql.OP)
                    + ", "
                    + quote(DuckDbSql.ORDER)
                    + ") = "
                    + DuckDbSql.literal(dev.binlake.api.Op.DROP_TABLE.code())
                    + ", false) FROM "
                    + DuckDbSql.historyTable(table))) {
          rows.next();
          historyRows = rows.getLong(1);
          lastCommit = Optional.ofNullable(rows.getObject(2, OffsetDateTime.class));
          dropped = rows.getBoolean(3);
        }
        long latestRows = 0;
        if (row.viewReason().isEmpty() && row.viewSchemaJson().isPresent()) {
          try (ResultSet rows =
              statement.executeQuery("SELECT count(*) FROM " + DuckDbSql.view(table))) {
            rows.next();
            latestRows = rows.getLong(1);
          }
        }
        stats.add(
            new TableStats(
                table,
                historyRows,
                latestRows,
                MetadataTables.fileCount(connection, table),
                row.lastKey(),
                lastCommit.map(OffsetDateTime::toInstant),
                row.viewReason(),
                dropped));
      }
      return stats;
    } catch (SQLException e) {
      throw new BinlakeException(
          ErrorCode.WAREHOUSE_FAILED,
          e,
          "Cannot count rows in %s: %s (retry; check the DuckDB" + " file)",
          dbFile,
          e.getMessage());
    }
  }

  /** A connection of its own to the same database, so readers never share the writer's. */
  private Connection reader() throws SQLException {
    Connection connection = writer.duplicate();
    try {
      setUtc(connection);
    } catch (SQLException e) {
      connection.close();
      throw e;
    }
    return connection;
  }

  @Override
  public synchronized void close() {
    try {
      writer.close();
    } catch (SQLException e) {
      throw new BinlakeException(
          ErrorCode.WAREHOUSE_FAILED,
          e,
          "Cannot close DuckDB file %s: %s (its last committed" + " load is kept)",
          dbFile,
          e.getMessage());
    }
  }
}
