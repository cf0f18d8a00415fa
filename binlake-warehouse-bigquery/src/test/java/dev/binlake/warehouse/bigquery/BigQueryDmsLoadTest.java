package dev.binlake.warehouse.bigquery;

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
import dev.binlake.api.Op;
import dev.binlake.api.TableId;
import dev.binlake.api.TableStats;
import dev.binlake.files.dms.DmsFileReader;
import dev.binlake.files.dms.DmsOptions;
import dev.binlake.testing.warehouse.ChangeFileFixture;
import dev.binlake.warehouse.bigquery.fake.FakeBigQuery;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * AWS DMS output in the BigQuery warehouse (against the fake, which checks every request), the same
 * cases as DuckDB's {@code DmsLoadTest} and PostgreSQL's {@code PostgresDmsLoadIT}: full-load files
 * without {@code Op}, CDC files with it, hex LOAD counters and CDC names of different lengths,
 * ordered by (timestamp, file, row); files written by DuckDB the way DMS writes them (legacy
 * INT_16, TIMESTAMP_MILLIS), plus the real DMS file from the shared test data. DMS files are queued
 * and batched like change files: one load job per table per interval.
 */
class BigQueryDmsLoadTest {
  private static final TableId ITEMS = new TableId("shop", "items");
  private static final TableId REAL = new TableId("public", "dms_test_table");
  private static final String PREFIX = "dms";
  private static final DmsOptions KEYED =
      DmsOptions.withKeys(Map.of(ITEMS, List.of("id"), REAL, List.of("id")));
  private static final String ITEMS_HISTORY = "`binlake-test`.`shop`.`items_history`";

  /** DMS's column types for a MySQL/PostgreSQL source: SMALLINT as INT_16, TIMESTAMP_MILLIS. */
  private static final String CDC_COLUMNS =
      "CAST(op AS VARCHAR) AS \"Op\", CAST(ts AS VARCHAR) AS \"DMS_TIMESTAMP\","
          + " CAST(id AS INTEGER) AS id, CAST(name AS VARCHAR) AS name,"
          + " CAST(price AS DECIMAL(15,2)) AS price, CAST(qty AS SMALLINT) AS qty,"
          + " CAST(created AS TIMESTAMP_MS) AS created";

  @TempDir Path dir;
  private FakeBigQueryExtension bigquery;
  private BigQueryWarehouse warehouse;
  private ChangeFileFixture lake;

  @BeforeEach
  void open() throws Exception {
    bigquery = new FakeBigQueryExtension(Duration.ofMinutes(10));
    warehouse = bigquery.open(dir.resolve("state"));
  }

  @AfterEach
  void close() throws Exception {
    bigquery.close();
  }

  @Test
  void fullLoadAndCdcFilesGiveHistoryInOrderAndTheLatestView() throws Exception {
    List<String> keys = writeItemsFiles();
    // queued newest first: the order comes from the files' content and names, not load order
    Collections.reverse(keys);
    for (String key : keys) {
      assertThat(load(key, KEYED).outcome()).isEqualTo(LoadResult.Outcome.QUEUED);
    }
    assertThat(bigquery.fake.loadJobs()).isEmpty();

    warehouse.flush();

    List<FakeBigQuery.LoadJob> jobs = bigquery.fake.loadJobs();
    assertThat(jobs).singleElement().satisfies(job -> assertThat(job.rows()).isEqualTo(10));
    assertThat(jobs.get(0).jobId()).matches("binlake_load_shop_items_[0-9a-f]{32}_0");
    assertThat(rows("SELECT Op, id, name FROM `shop.items_history` ORDER BY binlake_order"))
        .containsExactly(
            List.of("I", 1L, "one"),
            List.of("I", 2L, "two"),
            List.of("I", 3L, "three"),
            List.of("U", 1L, "one v2"),
            List.of("I", 4L, "four"),
            List.of("D", 2L, "two"),
            List.of("U", 3L, "three v2"),
            List.of("U", 1L, "one v3"),
            List.of("D", 4L, "four"),
            List.of("I", 2L, "two again"));
    LocalDateTime created = LocalDateTime.parse("2024-08-01T10:00:00.123");
    assertThat(rows("SELECT id, name, price, qty, created FROM `shop.items` ORDER BY id"))
        .containsExactly(
            List.of(1L, "one v3", new BigDecimal("1.03"), 3L, created),
            List.of(2L, "two again", new BigDecimal("2.1"), 2L, created),
            List.of(3L, "three v2", new BigDecimal("3.2"), 3L, created));
    assertThat(
            rows(
                "SELECT column_name, data_type FROM `binlake-test`.`shop`.INFORMATION_SCHEMA.COLUMNS"
                    + " WHERE table_name = 'items_history' ORDER BY ordinal_position"))
        .containsExactly(
            List.of("Op", "STRING"),
            List.of("binlake_commit_ts", "TIMESTAMP"),
            List.of("binlake_order", "STRING"),
            List.of("id", "INT64"),
            List.of("name", "STRING"),
            List.of("price", "NUMERIC"),
            List.of("qty", "INT64"),
            List.of("created", "DATETIME"));
    TableStats stats = warehouse.tableStats().get(0);
    assertThat(stats.table()).isEqualTo(ITEMS);
    assertThat(stats.historyRows()).isEqualTo(10);
    assertThat(stats.latestRows()).isEqualTo(3);
    assertThat(stats.files()).isEqualTo(5);
    assertThat(stats.lastKey()).isEmpty();
    assertThat(rows("SELECT MAX(last_key) FROM `binlake.loaded_files`"))
        .singleElement()
        .satisfies(row -> assertThat((String) row.get(0)).startsWith("20240809192718000100000-1"));
  }

  @Test
  void orderValuesInBigQueryEqualTheJavaReadersOrderValues() throws Exception {
    List<String> keys = writeItemsFiles();
    List<String> expected = new ArrayList<>();
    for (String key : keys) {
      load(key, KEYED);
      DmsFile file = describe(key, KEYED);
      DmsFileReader.readRows(
          local(key), file, (op, timestamp, order, values) -> expected.add(order));
    }
    warehouse.flush();

    assertThat(rows("SELECT binlake_order FROM `shop.items_history` ORDER BY binlake_order"))
        .extracting(row -> (String) row.get(0))
        .containsExactlyElementsOf(expected.stream().sorted().toList())
        .allSatisfy(order -> assertThat(order).hasSize(DmsFile.ORDER_LENGTH));
    assertThat(rows("SELECT binlake_commit_ts FROM `shop.items_history` WHERE id = 4 AND Op = 'D'"))
        .containsExactly(List.of(Instant.parse("2024-08-09T19:27:18.000100Z")));
    assertThat(rows("SELECT first_key, last_key FROM `binlake.loaded_files` ORDER BY first_key"))
        .first()
        .isEqualTo(List.of(expected.get(0), expected.get(1)));
  }

  @Test
  void loadingAFileTwiceIsANoOp() throws Exception {
    String key = writeItemsFiles().get(0);
    load(key, KEYED);
    LoadResult queued = load(key, KEYED);
    warehouse.flush();
    LoadResult loaded = load(key, KEYED);
    warehouse.flush();
    // a second process with a state folder of its own learns it from the ledger in BigQuery
    BigQueryWarehouse other = bigquery.open(dir.resolve("other-state"));
    LoadResult fromLedger = other.loadDms(describe(key, KEYED), local(key));
    other.flush();

    LoadResult skipped = new LoadResult(key, ITEMS, 0, LoadResult.Outcome.ALREADY_LOADED);
    assertThat(List.of(queued, loaded, fromLedger)).containsOnly(skipped);
    assertThat(bigquery.fake.loadJobs()).hasSize(1);
    assertThat(rows("SELECT count(*) FROM `shop.items_history`")).containsExactly(List.of(2L));
    assertThat(rows("SELECT count(*) FROM `binlake.loaded_files`")).containsExactly(List.of(1L));
  }

  @Test
  void filesQueuedBeforeACrashLoadAfterRestartWithTheirDescription() throws Exception {
    List<String> keys = writeItemsFiles();
    for (String key : keys) {
      load(key, KEYED);
    }
    warehouse.close(); // no flush: the process stops with DMS files queued
    for (String key : keys) {
      Files.delete(local(key)); // the loader deletes its temporary copy
    }

    BigQueryWarehouse second = bigquery.open(dir.resolve("state"));
    assertThat(second.isLoaded(keys.get(3))).isTrue();
    second.flush();

    assertThat(bigquery.fake.loadJobs()).hasSize(1);
    assertThat(second.query("SELECT id, name FROM `shop.items` ORDER BY id").rows())
        .containsExactly(List.of(1L, "one v3"), List.of(2L, "two again"), List.of(3L, "three v2"));
  }

  @Test
  void withoutAConfiguredKeyTheTableGetsHistoryOnly() throws Exception {
    for (String key : writeItemsFiles()) {
      load(key, DmsOptions.withKeys(Map.of()));
    }
    warehouse.flush();

    assertThat(rows("SELECT count(*) FROM `shop.items_history`")).containsExactly(List.of(10L));
    com.google.cloud.bigquery.BigQuery client =
        com.google.cloud.bigquery.BigQueryOptions.newBuilder()
            .setProjectId(FakeBigQueryExtension.PROJECT)
            .setHost(bigquery.fake.url())
            .setCredentials(com.google.cloud.NoCredentials.getInstance())
            .build()
            .getService();
    assertThat(client.getTable(com.google.cloud.bigquery.TableId.of("shop", "items"))).isNull();
    assertThat(client.getTable(com.google.cloud.bigquery.TableId.of("shop", "items_history")))
        .isNotNull();
    assertThat(warehouse.tableStats().get(0).latestRows()).isZero();
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
            "Cannot read rows of dms/shop/items/20240809-192717787.parquet: row 0: Unknown Op code"
                + " 'X': expected I, U or D (the file is damaged or not what DMS writes: move it out"
                + " of the change-file prefix)")
        .extracting(e -> ((BinlakeException) e).code())
        .isEqualTo(ErrorCode.FILE_INVALID);
    assertThat(warehouse.isLoaded(key)).isFalse();
    warehouse.flush();
    assertThat(bigquery.fake.loadJobs()).isEmpty();
  }

  @Test
  void refusesDmsFilesForATableThatHoldsBinlakeChangeFiles() throws Exception {
    ChangeFile file = writeBinlakeFile();
    warehouse.load(file, lake.localPath(file.key()));
    String key = writeItemsFiles().get(0);

    // queued only: this process knows the table's kind from its queue
    assertThatThrownBy(() -> load(key, KEYED))
        .isInstanceOf(BinlakeException.class)
        .hasMessage(
            "Cannot load dms/shop/items/LOAD00000009.parquet into "
                + ITEMS_HISTORY
                + ": it is AWS DMS output but the table holds binlake change files, and their order"
                + " values do not compare (keep AWS DMS output and binlake change files under"
                + " different prefixes or tables)")
        .extracting(e -> ((BinlakeException) e).code())
        .isEqualTo(ErrorCode.FILE_INVALID);
    warehouse.flush();
    // loaded: another process learns it from the ledger
    BigQueryWarehouse other = bigquery.open(dir.resolve("other-state"));
    assertThatThrownBy(() -> other.loadDms(describe(key, KEYED), local(key)))
        .hasMessageContaining("it is AWS DMS output but the table holds binlake change files");
    assertThat(rows("SELECT count(*) FROM `shop.items_history`")).containsExactly(List.of(1L));
  }

  @Test
  void refusesBinlakeChangeFilesForATableThatHoldsDmsFiles() throws Exception {
    load(writeItemsFiles().get(0), KEYED);
    ChangeFile file = writeBinlakeFile();
    Path local = lake.localPath(file.key());

    assertThatThrownBy(() -> warehouse.load(file, local))
        .isInstanceOf(BinlakeException.class)
        .hasMessage(
            "Cannot load lake/shop/items/LOAD00000001.parquet into "
                + ITEMS_HISTORY
                + ": it is a binlake change file but the table holds AWS DMS output, and their"
                + " order values do not compare (keep AWS DMS output and binlake change files"
                + " under different prefixes or tables)");
    warehouse.flush();
    BigQueryWarehouse other = bigquery.open(dir.resolve("other-state"));
    assertThatThrownBy(() -> other.load(file, local))
        .hasMessageContaining("it is a binlake change file but the table holds AWS DMS output");
    assertThat(rows("SELECT count(*) FROM `shop.items_history`")).containsExactly(List.of(2L));
  }

  @Test
  void loadsTheRealFullLoadFile() {
    Path real = realFullLoadFile();
    String key = PREFIX + "/public/dms_test_table/LOAD00000001.parquet";
    DmsFile file = DmsFileReader.describe(real, key, PREFIX, KEYED);

    LoadResult result = warehouse.loadDms(file, real);
    warehouse.flush();

    assertThat(result).isEqualTo(new LoadResult(key, REAL, 10, LoadResult.Outcome.QUEUED));
    assertThat(
            rows(
                "SELECT count(*), count(DISTINCT binlake_order), min(Op), max(Op)"
                    + " FROM `public.dms_test_table_history`"))
        .containsExactly(List.of(10L, 10L, "I", "I"));
    assertThat(
            rows(
                "SELECT id, my_smallint, my_numeric, my_money, my_timestamp, my_bool"
                    + " FROM `public.dms_test_table` WHERE id = 1"))
        .containsExactly(
            List.of(
                1L,
                15887L,
                new BigDecimal("1427131847.59"),
                new BigDecimal("47632969758.54"),
                LocalDateTime.parse("2021-10-31T15:34:12.458"),
                false));
    assertThat(
            rows(
                "SELECT binlake_commit_ts, binlake_order FROM `public.dms_test_table_history`"
                    + " WHERE id = 1"))
        .containsExactly(
            List.of(
                Instant.parse("2022-07-26T06:46:18.616807Z"),
                "20220726064618616807000-" + "0".repeat(23) + "1-000000000000"));
    assertThat(rows("SELECT count(*) FROM `public.dms_test_table`")).containsExactly(List.of(10L));
    assertThat(
            rows(
                "SELECT column_name FROM `binlake-test`.`public`.INFORMATION_SCHEMA.COLUMNS"
                    + " WHERE table_name = 'dms_test_table_history'"
                    + " AND column_name IN ('DMS_TIMESTAMP', 'binlake_order')"))
        .containsExactly(List.of("binlake_order"));
  }

  private ChangeFile writeBinlakeFile() throws Exception {
    Files.createDirectories(dir.resolve("lake"));
    lake = new ChangeFileFixture(dir.resolve("lake"));
    return lake.write(
        "lake/shop/items/LOAD00000001.parquet",
        schema(ITEMS, List.of("id"), column("id", INT32), column("name", STRING)),
        change(Op.INSERT, 100, 1, "one"));
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

  /** Rows of a query; NUMERIC values without trailing zeros (BigQuery keeps no scale). */
  private List<List<Object>> rows(String sql) {
    return warehouse.query(sql).rows().stream()
        .map(
            row ->
                row.stream()
                    .map(v -> v instanceof BigDecimal d ? (Object) d.stripTrailingZeros() : v)
                    .toList())
        .toList();
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
