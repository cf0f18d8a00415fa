package dev.binlake.warehouse.bigquery;

import static dev.binlake.api.ColumnType.Kind.INT32;
import static dev.binlake.api.ColumnType.Kind.STRING;
import static dev.binlake.testing.warehouse.ChangeFileFixture.change;
import static dev.binlake.testing.warehouse.ChangeFileFixture.column;
import static dev.binlake.testing.warehouse.ChangeFileFixture.schema;
import static dev.binlake.testing.warehouse.DmsItemsFiles.ITEMS;
import static dev.binlake.testing.warehouse.DmsItemsFiles.KEYED;
import static dev.binlake.testing.warehouse.DmsItemsFiles.PREFIX;
import static dev.binlake.testing.warehouse.DmsItemsFiles.REAL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.binlake.api.BinlakeException;
import dev.binlake.api.ChangeFile;
import dev.binlake.api.DmsFile;
import dev.binlake.api.ErrorCode;
import dev.binlake.api.LoadResult;
import dev.binlake.api.Op;
import dev.binlake.api.TableStats;
import dev.binlake.files.dms.DmsFileReader;
import dev.binlake.files.dms.DmsOptions;
import dev.binlake.testing.warehouse.ChangeFileFixture;
import dev.binlake.testing.warehouse.DmsItemsFiles;
import dev.binlake.warehouse.bigquery.fake.FakeBigQuery;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
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
  private static final String ITEMS_HISTORY = "`binlake-test`.`shop`.`items_history`";

  @TempDir Path dir;
  private DmsItemsFiles dms;
  private FakeBigQueryExtension bigquery;
  private BigQueryWarehouse warehouse;
  private ChangeFileFixture lake;

  @BeforeEach
  void open() throws Exception {
    dms = new DmsItemsFiles(dir);
    bigquery = new FakeBigQueryExtension(Duration.ofMinutes(10));
    warehouse = bigquery.open(dir.resolve("state"));
  }

  @AfterEach
  void close() throws Exception {
    bigquery.close();
  }

  @Test
  void fullLoadAndCdcFilesGiveHistoryInOrderAndTheLatestView() throws Exception {
    List<String> keys = dms.writeItemsFiles();
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
    List<String> keys = dms.writeItemsFiles();
    List<String> expected = new ArrayList<>();
    for (String key : keys) {
      load(key, KEYED);
      DmsFile file = dms.describe(key, KEYED);
      DmsFileReader.readRows(
          dms.local(key), file, (op, timestamp, order, values) -> expected.add(order));
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
    String key = dms.writeItemsFiles().get(0);
    load(key, KEYED);
    LoadResult queued = load(key, KEYED);
    warehouse.flush();
    LoadResult loaded = load(key, KEYED);
    warehouse.flush();
    // a second process with a state folder of its own learns it from the ledger in BigQuery
    BigQueryWarehouse other = bigquery.open(dir.resolve("other-state"));
    LoadResult fromLedger = other.loadDms(dms.describe(key, KEYED), dms.local(key));
    other.flush();

    LoadResult skipped = new LoadResult(key, ITEMS, 0, LoadResult.Outcome.ALREADY_LOADED);
    assertThat(List.of(queued, loaded, fromLedger)).containsOnly(skipped);
    assertThat(bigquery.fake.loadJobs()).hasSize(1);
    assertThat(rows("SELECT count(*) FROM `shop.items_history`")).containsExactly(List.of(2L));
    assertThat(rows("SELECT count(*) FROM `binlake.loaded_files`")).containsExactly(List.of(1L));
  }

  @Test
  void filesQueuedBeforeACrashLoadAfterRestartWithTheirDescription() throws Exception {
    List<String> keys = dms.writeItemsFiles();
    for (String key : keys) {
      load(key, KEYED);
    }
    warehouse.close(); // no flush: the process stops with DMS files queued
    for (String key : keys) {
      Files.delete(dms.local(key)); // the loader deletes its temporary copy
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
    for (String key : dms.writeItemsFiles()) {
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
    String key = dms.writeOpFile("X");

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
    String key = dms.writeItemsFiles().get(0);

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
    assertThatThrownBy(() -> other.loadDms(dms.describe(key, KEYED), dms.local(key)))
        .hasMessageContaining("it is AWS DMS output but the table holds binlake change files");
    assertThat(rows("SELECT count(*) FROM `shop.items_history`")).containsExactly(List.of(1L));
  }

  @Test
  void refusesBinlakeChangeFilesForATableThatHoldsDmsFiles() throws Exception {
    load(dms.writeItemsFiles().get(0), KEYED);
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
    Path real = DmsItemsFiles.realFullLoadFile();
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

  private LoadResult load(String key, DmsOptions options) {
    return warehouse.loadDms(dms.describe(key, options), dms.local(key));
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
}
