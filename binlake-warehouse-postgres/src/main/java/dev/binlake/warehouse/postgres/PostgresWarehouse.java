package dev.binlake.warehouse.postgres;

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
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Warehouse} in a PostgreSQL database. Loads run one at a time on the writer connection;
 * {@link #query} and the read methods share a second connection, so they work while loads run.
 * Several processes may load into one database: the ledger row is claimed first in each load
 * transaction, so a file two loaders load at once lands once, and binlake's DDL takes an advisory
 * lock.
 */
public final class PostgresWarehouse implements DmsWarehouse {
  private static final Logger LOG = LoggerFactory.getLogger(PostgresWarehouse.class);

  private final String url;
  private final String user;
  private final Properties properties;
  private final Object readerLock = new Object();
  private final ViewKeys keys;
  private Connection writer;
  private Connection reader;

  private PostgresWarehouse(
      String url, String user, Properties properties, Connection writer, ViewKeys keys) {
    this.keys = keys;
    this.url = url;
    this.user = user;
    this.properties = properties;
    this.writer = writer;
  }

  /**
   * Connects to a database (it must exist) and creates binlake's metadata tables there if missing.
   *
   * @param jdbcUrl e.g. {@code jdbc:postgresql://127.0.0.1:5432/lake}
   * @param password may be null (trust or peer authentication); never shown in messages
   */
  public static PostgresWarehouse open(String jdbcUrl, String user, String password) {
    return open(jdbcUrl, user, password, ViewKeys.none());
  }

  /**
   * Like {@link #open(String, String, String)}, with key columns for the latest views of tables
   * without a primary key; views whose key the configuration changed are made again here.
   */
  public static PostgresWarehouse open(
      String jdbcUrl, String user, String password, ViewKeys keys) {
    requireNonNull(keys, "keys is null");
    requireNonNull(jdbcUrl, "jdbcUrl is null");
    requireNonNull(user, "user is null");
    String shown = withoutParameters(jdbcUrl);
    if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
      throw new BinlakeException(
          ErrorCode.CONFIG_INVALID,
          "Cannot open PostgreSQL warehouse %s: it is not a jdbc:postgresql: URL (write it as"
              + " jdbc:postgresql://<host>:5432/<database>)",
          shown);
    }
    Properties properties = new Properties();
    properties.setProperty("user", user);
    if (password != null) {
      properties.setProperty("password", password);
    }
    properties.setProperty("ApplicationName", "binlake");
    Connection writer = connect(jdbcUrl, shown, user, properties);
    PostgresWarehouse warehouse = new PostgresWarehouse(jdbcUrl, user, properties, writer, keys);
    try {
      writer.setAutoCommit(false);
      MetadataTables.create(writer);
      writer.commit();
      writer.setAutoCommit(true);
      for (MetadataTables.Row row : MetadataTables.tables(writer)) {
        HistoryTables.refreshView(
            writer, row.table(), keys); // finishes view changes a crash interrupted
      }
    } catch (SQLException | RuntimeException e) {
      warehouse.close();
      throw new BinlakeException(
          ErrorCode.WAREHOUSE_FAILED,
          e,
          "Cannot prepare PostgreSQL database %s: %s (check that user %s may create schemas and"
              + " tables there)",
          shown,
          e instanceof SQLException sql ? PostgresFailures.reason(sql) : e.getMessage(),
          user);
    }
    LOG.info("Opened PostgreSQL warehouse {} as {}", shown, user);
    return warehouse;
  }

  private static Connection connect(String url, String shown, String user, Properties properties) {
    try {
      Connection connection = DriverManager.getConnection(url, properties);
      try (Statement statement = connection.createStatement()) {
        statement.execute("SET TIME ZONE 'UTC'");
      }
      return connection;
    } catch (SQLException e) {
      String state = String.valueOf(e.getSQLState());
      String hint;
      if (state.startsWith("28")) {
        hint = "check warehouse.postgres.user and warehouse.postgres.password";
      } else if (state.equals("3D000")) {
        hint = "create the database first with CREATE DATABASE, or fix warehouse.postgres.url";
      } else if (state.startsWith("08")) {
        hint = "check that the server runs and accepts TCP connections at that address";
      } else {
        hint = "check warehouse.postgres.url and that the server runs";
      }
      throw new BinlakeException(
          ErrorCode.WAREHOUSE_FAILED,
          e,
          "Cannot connect to PostgreSQL warehouse %s as %s: %s (%s)",
          shown,
          user,
          PostgresFailures.reason(e),
          hint);
    }
  }

  /** The URL without its parameters, which may hold a password. */
  static String withoutParameters(String jdbcUrl) {
    int query = jdbcUrl.indexOf('?');
    return query < 0 ? jdbcUrl : jdbcUrl.substring(0, query);
  }

  /** The JDBC URL without parameters (safe to show). */
  public String url() {
    return withoutParameters(url);
  }

  private Connection writer() {
    try {
      if (writer == null || writer.isClosed()) {
        writer = connect(url, url(), user, properties);
      }
    } catch (SQLException e) {
      throw new BinlakeException(
          ErrorCode.LOAD_FAILED, e, "Cannot reconnect to %s: %s (retried)", url(), e.getMessage());
    }
    return writer;
  }

  @Override
  public synchronized LoadResult load(ChangeFile file, Path localFile) {
    requireNonNull(file, "file is null");
    requireNonNull(localFile, "localFile is null");
    HistoryTables.checkNames(file);
    TableId table = file.table();
    Connection connection = writer();
    try {
      if (MetadataTables.isLoaded(connection, file.key())) {
        refreshView(connection, table);
        return new LoadResult(file.key(), table, 0, LoadResult.Outcome.ALREADY_LOADED);
      }
      MetadataTables.requireOrigin(connection, file.key(), table, false);
      boolean isNewest =
          MetadataTables.table(connection, table)
              .map(row -> file.last().value().compareTo(row.lastOrder()) > 0)
              .orElse(true);
      if (HistoryTables.needsDdl(HistoryTables.columnTypes(connection, table), file, isNewest)) {
        HistoryTables.prepare(connection, file);
      }
    } catch (SQLException e) {
      throw failure(file, e);
    }
    RowCopy.Result copied;
    try {
      Optional<RowCopy.Result> result =
          LoadTransaction.run(
              connection,
              table,
              file.key(),
              () -> MetadataTables.claim(connection, file),
              types -> RowCopy.copy(connection, file, localFile, types),
              file.rowCount(),
              rows ->
                  new BinlakeException(
                      ErrorCode.LOAD_FAILED,
                      "Cannot load %s into %s: the file holds %d rows but its"
                          + " metadata says %d (nothing was loaded; rewrite the file)",
                      file.key(),
                      PostgresSql.historyTable(table),
                      rows,
                      file.rowCount()),
              () -> MetadataTables.advanceShape(connection, file));
      if (result.isEmpty()) {
        refreshView(connection, table);
        return new LoadResult(file.key(), table, 0, LoadResult.Outcome.ALREADY_LOADED);
      }
      copied = result.get();
    } catch (SQLException e) {
      throw failure(file, e);
    }
    if (copied.replacedNuls() > 0) {
      LOG.warn(
          "Replaced {} U+0000 characters by U+FFFD in {} ({}): PostgreSQL text cannot hold them",
          copied.replacedNuls(),
          file.key(),
          PostgresSql.historyTable(table));
    }
    refreshView(connection, table);
    return new LoadResult(file.key(), table, copied.rows(), LoadResult.Outcome.LOADED);
  }

  /**
   * Loads an AWS DMS file like {@link #load}: the rows stream through binary COPY with {@code
   * binlake_order} from (DMS timestamp, file, row number), see {@link DmsFile#orderOf}, in the
   * transaction that claims the ledger row, so a file loads once however many loaders try. Refuses
   * a table that holds binlake change files.
   */
  @Override
  public synchronized LoadResult loadDms(DmsFile file, Path localFile) {
    requireNonNull(file, "file is null");
    requireNonNull(localFile, "localFile is null");
    HistoryTables.checkNames(file.key(), file.schema());
    Connection connection = writer();
    try {
      return PostgresDmsLoad.load(
          connection, file, localFile, table -> refreshView(connection, table));
    } catch (SQLException e) {
      discardBrokenWriter();
      throw PostgresFailures.loadFailure(file.key(), file.table(), e);
    }
  }

  private BinlakeException failure(ChangeFile file, SQLException e) {
    discardBrokenWriter();
    return PostgresFailures.loadFailure(file, e);
  }

  private void discardBrokenWriter() {
    try {
      if (writer != null && !writer.isValid(2)) {
        writer.close();
        writer = null;
      }
    } catch (SQLException e) {
      writer = null;
    }
  }

  /** Refreshes the view after a commit: a failure is logged, and the next load tries again. */
  private void refreshView(Connection connection, TableId table) {
    try {
      HistoryTables.refreshView(connection, table, keys);
    } catch (SQLException e) {
      LOG.warn(
          "Cannot refresh the latest view {}: {} (retried at the next load of the table)",
          PostgresSql.view(table),
          PostgresFailures.reason(e));
      discardBrokenWriter();
    }
  }

  @Override
  public boolean isLoaded(String objectKey) {
    return read(
        "read the load ledger of", connection -> MetadataTables.isLoaded(connection, objectKey));
  }

  /**
   * Runs SQL on the reader connection. Values are as the driver returns them, except: {@code
   * timestamp with time zone} as {@link OffsetDateTime} (UTC), {@code timestamp} as {@link
   * LocalDateTime}, {@code date} as {@link LocalDate} and {@code json}/{@code jsonb} as text.
   */
  @Override
  public QueryResult query(String sql) {
    requireNonNull(sql, "sql is null");
    return read(
        "run query on",
        connection -> {
          try (Statement statement = connection.createStatement()) {
            if (!statement.execute(sql)) {
              return new QueryResult(List.of(), List.of());
            }
            try (ResultSet rows = statement.getResultSet()) {
              return result(rows);
            }
          }
        });
  }

  private static QueryResult result(ResultSet rows) throws SQLException {
    ResultSetMetaData meta = rows.getMetaData();
    int width = meta.getColumnCount();
    List<String> columns = new ArrayList<>(width);
    String[] types = new String[width];
    for (int i = 1; i <= width; i++) {
      columns.add(meta.getColumnLabel(i));
      types[i - 1] = meta.getColumnTypeName(i);
    }
    List<List<Object>> result = new ArrayList<>();
    while (rows.next()) {
      List<Object> values = new ArrayList<>(width);
      for (int i = 1; i <= width; i++) {
        values.add(
            switch (types[i - 1]) {
              case "timestamptz" -> rows.getObject(i, OffsetDateTime.class);
              case "timestamp" -> rows.getObject(i, LocalDateTime.class);
              case "date" -> rows.getObject(i, LocalDate.class);
              case "json", "jsonb" -> rows.getString(i);
              default -> rows.getObject(i);
            });
      }
      result.add(Collections.unmodifiableList(values));
    }
    return new QueryResult(columns, result);
  }

  /** Per loaded table: its current shape, highest key and why it has no latest view, if so. */
  public List<TableState> tables() {
    return read(
        "list tables of",
        connection ->
            MetadataTables.tables(connection).stream().map(MetadataTables.Row::toState).toList());
  }

  @Override
  public List<TableStats> tableStats() {
    return read(
        "count rows in",
        connection -> {
          List<TableStats> stats = new ArrayList<>();
          try (Statement statement = connection.createStatement()) {
            for (MetadataTables.Row row : MetadataTables.tables(connection)) {
              stats.add(TableStatsQuery.stats(connection, statement, row));
            }
          }
          return stats;
        });
  }

  @FunctionalInterface
  private interface Read<T> {
    T apply(Connection connection) throws SQLException;
  }

  /** Runs {@code read} on the reader connection, opening it again if it broke. */
  private <T> T read(String what, Read<T> read) {
    synchronized (readerLock) {
      try {
        if (reader == null || reader.isClosed()) {
          reader = connect(url, url(), user, properties);
        }
        return read.apply(reader);
      } catch (SQLException e) {
        try {
          if (!reader.isValid(2)) {
            reader.close();
            reader = null;
          }
        } catch (SQLException ignored) {
          reader = null; // opened again at the next read
        }
        throw new BinlakeException(
            ErrorCode.WAREHOUSE_FAILED,
            e,
            "Cannot %s %s: %s (%s)",
            what,
            url(),
            PostgresFailures.reason(e),
            what.startsWith("run query") ? "check the SQL" : "retry; check the database");
      }
    }
  }

  @Override
  public synchronized void close() {
    SQLException failure = null;
    for (Connection connection : new Connection[] {writer, reader}) {
      try {
        if (connection != null) {
          connection.close();
        }
      } catch (SQLException e) {
        failure = e;
      }
    }
    writer = null;
    synchronized (readerLock) {
      reader = null;
    }
    if (failure != null) {
      throw new BinlakeException(
          ErrorCode.WAREHOUSE_FAILED,
          failure,
          "Cannot close the connections to %s: %s (every committed load is kept)",
          url(),
          failure.getMessage());
    }
  }
}
