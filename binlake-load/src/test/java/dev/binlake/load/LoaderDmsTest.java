package dev.binlake.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.binlake.api.ChangeFile;
import dev.binlake.api.ChangeRecord;
import dev.binlake.api.Column;
import dev.binlake.api.ColumnType;
import dev.binlake.api.LoadResult;
import dev.binlake.api.Op;
import dev.binlake.api.OrderKey;
import dev.binlake.api.SourceOffset;
import dev.binlake.api.TableId;
import dev.binlake.api.TableSchema;
import dev.binlake.files.DmsLayout;
import dev.binlake.files.ParquetChangeWriter;
import dev.binlake.files.dms.DmsOptions;
import dev.binlake.testing.warehouse.DmsItemsFiles;
import dev.binlake.warehouse.duckdb.DuckDbWarehouse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The loader recognizes AWS DMS output (no binlake metadata, DMS's key layout) and routes it. */
class LoaderDmsTest {
  private static final String PREFIX = "dms/";
  private static final TableId ITEMS = new TableId("shop", "items");
  private static final TableId REAL = new TableId("public", "dms_test_table");
  private static final Optional<DmsOptions> DMS =
      Optional.of(DmsOptions.withKeys(Map.of(ITEMS, List.of("id"), REAL, List.of("id"))));

  @TempDir Path dir;
  private final InMemoryObjectStore store = new InMemoryObjectStore();
  private FileDeadLetters deadLetters;
  private DuckDbWarehouse warehouse;

  @BeforeEach
  void open() {
    deadLetters = new FileDeadLetters(dir.resolve("state"));
    warehouse = DuckDbWarehouse.open(dir.resolve("lake.duckdb"));
  }

  @AfterEach
  void close() {
    warehouse.close();
  }

  @Test
  void catchUpLoadsFullLoadAndCdcFilesAndTheViewShowsTheLatestRows() throws Exception {
    storeItemsFiles();
    Loader loader = new Loader(store, warehouse, PREFIX, deadLetters, DMS);

    assertThat(loader.catchUp()).isEqualTo(3);

    assertThat(deadLetters.list()).isEmpty();
    assertThat(query("SELECT Op, id, name FROM shop.items_history ORDER BY binlake_order"))
        .containsExactly(
            List.of("I", 1, "one"),
            List.of("I", 2, "two"),
            List.of("U", 1, "one v2"),
            List.of("D", 2, "two"),
            List.of("I", 3, "three"));
    assertThat(query("SELECT id, name FROM shop.items ORDER BY id"))
        .containsExactly(List.of(1, "one v2"), List.of(3, "three"));
    assertThat(loader.catchUp()).isZero();
    assertThat(loader.load(PREFIX + "shop/items/20240809-1927180001000.parquet"))
        .isEqualTo(
            new LoadResult(
                PREFIX + "shop/items/20240809-1927180001000.parquet",
                ITEMS,
                0,
                LoadResult.Outcome.ALREADY_LOADED));
  }

  @Test
  void binlakeChangeFilesStillLoadAsBeforeWhenDmsIsOn() {
    TableId orders = new TableId("shop", "orders");
    TableSchema schema =
        new TableSchema(
            orders,
            List.of(new Column("id", ColumnType.of(ColumnType.Kind.INT64), false, "bigint")),
            List.of("id"));
    OrderKey key = OrderKey.streamed(3, 100, 0, 0);
    String objectKey = DmsLayout.cdcKey(PREFIX, orders, 1_714_557_600_000_000L, key);
    Path file = dir.resolve("binlake.parquet");
    try (ParquetChangeWriter writer = ParquetChangeWriter.open(file, schema, ChangeFile.Kind.CDC)) {
      writer.write(
          new ChangeRecord(
              schema,
              Op.INSERT,
              ChangeRecord.Phase.STREAM,
              key,
              1_714_557_600_000_000L,
              new Object[] {7L},
              new SourceOffset("{}", "mariadb-bin.000003", 100)));
      writer.finish(objectKey);
    }
    store.put(objectKey, file);

    LoadResult result = new Loader(store, warehouse, PREFIX, deadLetters, DMS).load(objectKey);

    assertThat(result).isEqualTo(new LoadResult(objectKey, orders, 1, LoadResult.Outcome.LOADED));
    assertThat(query("SELECT binlake_order FROM shop.orders_history"))
        .containsExactly(List.of(key.value()));
  }

  @Test
  void withoutDmsSettingsDmsFilesAreDeadLetteredAsForeign() throws Exception {
    storeItemsFiles();

    new Loader(store, warehouse, PREFIX, deadLetters).catchUp();

    assertThat(deadLetters.list()).hasSize(3);
    assertThat(deadLetters.list().get(0).reason())
        .isEqualTo(
            "Cannot load dms/shop/items/20240809-192717787.parquet: it is a Parquet file without"
                + " binlake metadata (no binlake.format-version), so binlake did not write it (move"
                + " it out of the change-file prefix, or load it by other means)");
  }

  @Test
  void aWarehouseThatCannotLoadDmsFilesDeadLettersThem() throws Exception {
    storeItemsFiles();

    new Loader(store, new FakeWarehouse(), PREFIX, deadLetters, DMS).catchUp();

    assertThat(deadLetters.list())
        .extracting(DeadLetter::reason)
        .contains(
            "Cannot load dms/shop/items/LOAD00000001.parquet: it is AWS DMS output, which the"
                + " FakeWarehouse warehouse does not load (load it into DuckDB, PostgreSQL or"
                + " BigQuery, or move it out of the change-file prefix)");
  }

  @Test
  void theRealDmsFullLoadFileLoadsFromItsEvent() throws Exception {
    Path real = DmsItemsFiles.realFullLoadFile();
    String key = PREFIX + "public/dms_test_table/LOAD00000001.parquet";
    store.put(key, real);
    Loader loader = new Loader(store, warehouse, PREFIX, deadLetters, DMS);

    LoadResult result = loader.load(key);

    assertThat(result).isEqualTo(new LoadResult(key, REAL, 10, LoadResult.Outcome.LOADED));
    assertThat(query("SELECT count(*), min(id), max(id) FROM public.dms_test_table"))
        .containsExactly(List.of(10L, 1L, 10L));
  }

  /**
   * Full load (no Op column) in LOAD00000001, then CDC files whose names have 3 and 7 fraction
   * digits; the first CDC file updates and deletes rows of the full load.
   */
  private void storeItemsFiles() throws Exception {
    store(
        "shop/items/LOAD00000001.parquet",
        "SELECT CAST(ts AS VARCHAR) AS \"DMS_TIMESTAMP\", CAST(id AS INTEGER) AS id,"
            + " CAST(name AS VARCHAR) AS name FROM (VALUES ('2024-08-09 19:20:00.000001', 1,"
            + " 'one'), ('2024-08-09 19:20:00.000002', 2, 'two')) AS t(ts, id, name)");
    String cdc =
        "SELECT CAST(op AS VARCHAR) AS \"Op\", CAST(ts AS VARCHAR) AS \"DMS_TIMESTAMP\","
            + " CAST(id AS INTEGER) AS id, CAST(name AS VARCHAR) AS name FROM (VALUES ";
    store(
        "shop/items/20240809-192717787.parquet",
        cdc
            + "('U', '2024-08-09 19:27:17.787000', 1, 'one v2'),"
            + " ('D', '2024-08-09 19:27:17.787000', 2, 'two')) AS t(op, ts, id, name)");
    store(
        "shop/items/20240809-1927180001000.parquet",
        cdc + "('I', '2024-08-09 19:27:18.000100', 3, 'three')) AS t(op, ts, id, name)");
  }

  private void store(String relativeKey, String select) throws Exception {
    Path file = Files.createTempFile(dir, "dms-", ".parquet");
    try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
        Statement statement = connection.createStatement()) {
      statement.execute("COPY (" + select + ") TO '" + file + "' (FORMAT parquet)");
    }
    store.put(PREFIX + relativeKey, file);
  }

  private List<List<Object>> query(String sql) {
    return warehouse.query(sql).rows();
  }
}
