package dev.binlake.warehouse.postgres;

import static dev.binlake.api.ColumnType.Kind.INT32;
import static dev.binlake.api.ColumnType.Kind.STRING;
import static dev.binlake.testing.warehouse.ChangeFileFixture.change;
import static dev.binlake.testing.warehouse.ChangeFileFixture.column;
import static dev.binlake.testing.warehouse.ChangeFileFixture.schema;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import dev.binlake.api.BinlakeException;
import dev.binlake.api.ChangeFile;
import dev.binlake.api.DmsFile;
import dev.binlake.api.ErrorCode;
import dev.binlake.api.LoadResult;
import dev.binlake.api.TableId;
import dev.binlake.api.TableStats;
import dev.binlake.files.dms.DmsFileReader;
import dev.binlake.files.dms.DmsOptions;
import dev.binlake.testing.warehouse.ChangeFileFixture;
import dev.binlake.testing.warehouse.PostgresTestDatabase;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * AWS DMS output in the PostgreSQL warehouse, the same cases as DuckDB's {@code DmsLoadTest}:
 * full-load files without {@code Op}, CDC files with it, hex LOAD counters and CDC names of
 * different lengths, ordered by (timestamp, file, row); files written by DuckDB the way DMS writes
 * them (legacy INT_16, TIMESTAMP_MILLIS), plus the real DMS file from the shared test data.
 */
class PostgresDmsLoadIT {
  private static PostgresTestDatabase database;

  @BeforeAll
  static void createDatabase() {
    database = PostgresTestDatabase.create(PostgresDmsLoadIT.class);
  }

  @AfterAll
  static void dropDatabase() {
    if (database != null) {
      database.close();
    }
  }

  private static final TableId ITEMS = new TableId("shop", "items");
  private static final TableId REAL = new TableId("public", "dms_test_table");
  private static final String PREFIX = "dms";
  private static final DmsOptions KEYED =
      DmsOptions.withKeys(Map.of(ITEMS, List.of("id"), REAL, List.of("id")));

  /** DMS's column types for a MySQL/PostgreSQL source: SMALLINT as INT_16, TIMESTAMP_MILLIS. */
  private static final String CDC_COLUMNS =
      "CAST(op AS VARCHAR) AS \"Op\", CAST(ts AS VARCHAR) AS \"DMS_TIMESTAMP\","
          + " CAST(id AS INTEGER) AS id, CAST(name AS VARCHAR) AS name,"
          + " CAST(price AS DECIMAL(15,2)) AS price, CAST(qty AS SMALLINT) AS qty,"
          + " CAST(created AS TIMESTAMP_MS) AS created";

  @TempDir Path dir;
  private PostgresWarehouse warehouse;

  @BeforeEach
  void open() {
    database.dropSchemas();
    warehouse = PostgresWarehouse.open(database.jdbcUrl(), database.user(), database.password());
  }

  @AfterEach
  void close() {
    warehouse.close();
  }

  @Test
  void fullLoadAndCdcFilesGiveHistoryInOrderAndTheLatestView() throws Exception {
    List<String> keys = writeItemsFiles();
    // loaded newest first: the order comes from the files' content and names, not load order
    java.util.Collections.reverse(keys);
    for (String key : keys) {
      assertThat(load(key, KEYED).outcome()).isEqualTo(LoadResult.Outcome.LOADED);
    }

    assertThat(rows("SELECT \"Op\", id, name FROM shop.items_history ORDER BY binlake_order"))
        .containsExactly(
            List.of("I", 1, "one"),
            List.of("I", 2, "two"),
            List.of("I", 3, "three"),
            List.of("U", 1, "one v2"),
            List.of("I", 4, "four"),
            List.of("D", 2, "two"),
            List.of("U", 3, "three v2"),
            List.of("U", 1, "one v3"),
            List.of("D", 4, "four"),
            List.of("I", 2, "two again"));
    assertThat(
            rows("SELECT id, name, price, qty, CAST(created AS text) FROM shop.items ORDER BY id"))
        .containsExactly(
            List.of(1, "one v3", new BigDecimal("1.03"), 3, "2024-08-01 10:00:00.123"),
            List.of(2, "two again", new BigDecimal("2.10"), 2, "2024-08-01 10:00:00.123"),
            List.of(3, "three v2", new BigDecimal("3.20"), 3, "2024-08-01 10:00:00.123"));
    assertThat(
            rows(
                "SELECT DISTINCT data_type FROM information_schema.columns WHERE table_name ="
                    + " 'items_history' AND column_name IN ('qty', 'created') ORDER BY 1"))
        .containsExactly(List.of("integer"), List.of("timestamp without time zone"));
    assertThat(warehouse.tables())
        .singleElement()
        .satisfies(
            state -> {
              assertThat(state.isDms()).isTrue();
              assertThat(state.hasLatestView()).isTrue();
              assertThat(state.lastKey()).isEmpty();
              assertThat(state.lastOrder()).startsWith("20240809192718000100000-1");
            });
    TableStats stats = warehouse.tableStats().get(0);
    assertThat(stats.historyRows()).isEqualTo(10);
    assertThat(stats.latestRows()).isEqualTo(3);
    assertThat(stats.files()).isEqualTo(5);
    assertThat(stats.lastKey()).isEmpty();
  }

  @Test
  void orderValuesInDuckDbEqualTheJavaReadersOrderValues() throws Exception {
    List<String> keys = writeItemsFiles();
    List<String> expected = new ArrayList<>();
    for (String key : keys) {
      load(key, KEYED);
      DmsFile file = describe(key, KEYED);
      DmsFileReader.readRows(
          local(key), file, (op, timestamp, order, values) -> expected.add(order));
    }

    assertThat(rows("SELECT binlake_order FROM shop.items_history ORDER BY binlake_order"))
        .extracting(row -> (String) row.get(0))
        .containsExactlyElementsOf(expected.stream().sorted().toList())
        .allSatisfy(order -> assertThat(order).hasSize(DmsFile.ORDER_LENGTH));
    assertThat(
            rows("SELECT binlake_commit_ts FROM shop.items_history WHERE id = 4 AND \"Op\" = 'D'"))
        .containsExactly(List.of(OffsetDateTime.parse("2024-08-09T19:27:18.000100Z")));
  }

  @Test
  void loadingAFileTwiceIsANoOp() throws Exception {
    String key = writeItemsFiles().get(0);
    load(key, KEYED);

    LoadResult again = load(key, KEYED);

    assertThat(again).isEqualTo(new LoadResult(key, ITEMS, 0, LoadResult.Outcome.ALREADY_LOADED));
    assertThat(rows("SELECT count(*) FROM shop.items_history")).containsExactly(List.of(2L));
  }

  @Test
  void loadersInSeveralConnectionsLoadEachFileOnce() throws Exception {
    List<String> keys = writeItemsFiles();
    List<PostgresWarehouse> loaders = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      loaders.add(PostgresWarehouse.open(database.jdbcUrl(), database.user(), database.password()));
    }
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(3);
    try {
      List<java.util.concurrent.Future<LoadResult>> results = new ArrayList<>();
      for (String key : keys) {
        for (PostgresWarehouse loader : loaders) {
          results.add(pool.submit(() -> loader.loadDms(describe(key, KEYED), local(key))));
        }
      }
      long loaded = 0;
      for (java.util.concurrent.Future<LoadResult> result : results) {
        loaded += result.get().outcome() == LoadResult.Outcome.LOADED ? 1 : 0;
      }
      assertThat(loaded).isEqualTo(keys.size());
    } finally {
      pool.shutdownNow();
      loaders.forEach(PostgresWarehouse::close);
    }
    assertThat(rows("SELECT count(*), count(DISTINCT binlake_order) FROM shop.items_history"))
        .containsExactly(List.of(10L, 10L));
    assertThat(rows("SELECT count(*) FROM shop.items")).containsExactly(List.of(3L));
  }

  @Test
  void withoutAConfiguredKeyTheTableGetsHistoryOnly() throws Exception {
    for (String key : writeItemsFiles()) {
      load(key, DmsOptions.withKeys(Map.of()));
    }

    assertThat(rows("SELECT count(*) FROM shop.items_history")).containsExactly(List.of(10L));
    assertThat(warehouse.tables().get(0).noViewReason())
        .contains(
            "no primary key: AWS DMS files carry none (name the key columns in"
                + " warehouse.keys; \"shop\".\"items_history\" has every change)");
    assertThat(rows("SELECT count(*) FROM information_schema.views WHERE table_name = 'items'"))
        .containsExactly(List.of(0L));
  }

  @Test
  void refusesRowsWhoseOpIsNotIUD() throws Exception {
    String key = PREFIX + "/shop/items/20240809-192717787.parquet";
    copy(
        key,
        "SELECT "
            + CDC_COLUMNS
            + " FROM (VALUES ('X', '2024-08-09 19:27:17.787000', 1,"
            + " 'a', 1.0, 1, TIMESTAMP '2024-08-01 10:00:00')) AS t(op, ts, id, name, price, qty,"
            + " created)");

    assertThatThrownBy(() -> load(key, KEYED))
        .isInstanceOf(BinlakeException.class)
        .hasMessage(
            "Cannot read rows of dms/shop/items/20240809-192717787.parquet: row 0: Unknown Op code 'X':"
                + " expected I, U or D (the file is damaged or not what DMS writes: move it out of the"
                + " change-file prefix)")
        .extracting(e -> ((BinlakeException) e).code())
        .isEqualTo(ErrorCode.FILE_INVALID);
  }

  @Test
  void refusesDmsFilesForATableThatHoldsBinlakeChangeFiles() throws Exception {
    ChangeFileFixture binlake = new ChangeFileFixture(dir);
    ChangeFile file =
        binlake.write(
            "lake/shop/items/LOAD00000001.parquet",
            schema(ITEMS, List.of("id"), column("id", INT32), column("name", STRING)),
            change(dev.binlake.api.Op.INSERT, 100, 1, "one"));
    warehouse.load(file, binlake.localPath(file.key()));
    String key = writeItemsFiles().get(0);

    assertThatThrownBy(() -> load(key, KEYED))
        .isInstanceOf(BinlakeException.class)
        .hasMessage(
            "Cannot load dms/shop/items/LOAD00000009.parquet into \"shop\".\"items_history\": it is"
                + " AWS DMS output but the table holds binlake change files, and their order values"
                + " do not compare (keep AWS DMS output and binlake change files under different"
                + " prefixes or tables)");
  }

  @Test
  void loadsTheRealFullLoadFile() {
    Path real = realFullLoadFile();
    String key = PREFIX + "/public/dms_test_table/LOAD00000001.parquet";
    DmsFile file = DmsFileReader.describe(real, key, PREFIX, KEYED);

    LoadResult result = warehouse.loadDms(file, real);

    assertThat(result).isEqualTo(new LoadResult(key, REAL, 10, LoadResult.Outcome.LOADED));
    assertThat(
            rows(
                "SELECT count(*), count(DISTINCT binlake_order), min(\"Op\"), max(\"Op\")"
                    + " FROM public.dms_test_table_history"))
        .containsExactly(List.of(10L, 10L, "I", "I"));
    assertThat(
            rows(
                "SELECT id, my_smallint, my_numeric, my_money, CAST(my_timestamp AS text),"
                    + " my_bool FROM public.dms_test_table WHERE id = 1"))
        .containsExactly(
            List.of(
                1L,
                15887,
                new BigDecimal("1427131847.59"),
                new BigDecimal("47632969758.5400"),
                "2021-10-31 15:34:12.458",
                false));
    assertThat(
            rows(
                "SELECT binlake_commit_ts, binlake_order FROM public.dms_test_table_history"
                    + " WHERE id = 1"))
        .containsExactly(
            List.of(
                OffsetDateTime.parse("2022-07-26T06:46:18.616807Z"),
                "20220726064618616807000-" + "0".repeat(23) + "1-000000000000"));
    assertThat(rows("SELECT count(*) FROM public.dms_test_table")).containsExactly(List.of(10L));
    assertThat(
            rows(
                "SELECT column_name FROM information_schema.columns WHERE table_name ="
                    + " 'dms_test_table' AND column_name IN ('DMS_TIMESTAMP', 'Op', 'binlake_order')"))
        .isEmpty();
  }

  /**
   * Two full-load files (LOAD00000009, LOAD0000000A: hex counter) and three CDC files whose names
   * have 3, 2 and 7 fraction digits; the CDC rows tie on timestamps inside a file.
   */
  private List<String> writeItemsFiles() throws SQLException {
    String fullLoad =
        "SELECT CAST(ts AS VARCHAR) AS \"DMS_TIMESTAMP\", CAST(id AS INTEGER) AS id, CAST(name AS"
            + " VARCHAR) AS name, CAST(price AS DECIMAL(15,2)) AS price, CAST(qty AS SMALLINT) AS"
            + " qty, CAST(created AS TIMESTAMP_MS) AS created FROM (VALUES ";
    String tail = ") AS t(ts, id, name, price, qty, created)";
    String cdcTail = ") AS t(op, ts, id, name, price, qty, created)";
    String created = "TIMESTAMP '2024-08-01 10:00:00.123'";
    List<String> keys = new ArrayList<>();
    keys.add(
        copy(
            PREFIX + "/shop/items/LOAD00000009.parquet",
            fullLoad
                + "('2024-08-09 19:20:00.000001', 1, 'one', 1.01, 1, "
                + created
                + "),"
                + " ('2024-08-09 19:20:00.000002', 2, 'two', 2.10, 2, "
                + created
                + ")"
                + tail));
    keys.add(
        copy(
            PREFIX + "/shop/items/LOAD0000000A.parquet",
            fullLoad
                + "('2024-08-09 19:20:00.000003', 3, 'three', 3.10, 3, "
                + created
                + ")"
                + tail));
    String cdc = "SELECT " + CDC_COLUMNS + " FROM (VALUES ";
    keys.add(
        copy(
            PREFIX + "/shop/items/20240809-192717787.parquet",
            cdc
                + "('U', '2024-08-09 19:27:17.787000', 1, 'one v2', 1.02, 1, "
                + created
                + "),"
                + " ('I', '2024-08-09 19:27:17.787000', 4, 'four', 4.00, 4, "
                + created
                + "),"
                + " ('D', '2024-08-09 19:27:17.787000', 2, 'two', 2.10, 2, "
                + created
                + ")"
                + cdcTail));
    keys.add(
        copy(
            PREFIX + "/shop/items/20240809-19271790.parquet",
            cdc
                + "('U', '2024-08-09 19:27:17.900000', 3, 'three v2', 3.20, 3, "
                + created
                + ")"
                + cdcTail));
    keys.add(
        copy(
            PREFIX + "/shop/items/20240809-1927180001000.parquet",
            cdc
                + "('U', '2024-08-09 19:27:18.000100', 1, 'one v3', 1.03, 3, "
                + created
                + "),"
                + " ('D', '2024-08-09 19:27:18.000100', 4, 'four', 4.00, 4, "
                + created
                + "),"
                + " ('I', '2024-08-09 19:27:18.000100', 2, 'two again', 2.10, 2, "
                + created
                + ")"
                + cdcTail));
    return keys;
  }

  private String copy(String key, String select) throws SQLException {
    Path file = local(key);
    try {
      Files.createDirectories(file.getParent());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
        Statement statement = connection.createStatement()) {
      statement.execute("COPY (" + select + ") TO '" + file + "' (FORMAT parquet)");
    }
    return key;
  }

  private Path local(String key) {
    return dir.resolve("store").resolve(key);
  }

  private DmsFile describe(String key, DmsOptions options) {
    return DmsFileReader.describe(local(key), key, PREFIX, options);
  }

  private LoadResult load(String key, DmsOptions options) {
    return warehouse.loadDms(describe(key, options), local(key));
  }

  private List<List<Object>> rows(String sql) {
    return warehouse.query(sql).rows();
  }

  static Path realFullLoadFile() {
    Path file =
        Path.of(System.getProperty("binlake.root", "."))
            .resolve("../shared/testdata/dms/postgres_source_LOAD00000001.parquet");
    if (!Files.isRegularFile(file)) {
      String message = "the public DMS test file " + file + " is absent (../shared/testdata)";
      if ("true".equals(System.getenv("CI"))) {
        fail(message + ": CI must have it");
      }
      Assumptions.abort(message + ": skipping");
    }
    return file;
  }
}
