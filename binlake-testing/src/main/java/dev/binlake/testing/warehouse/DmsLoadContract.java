package dev.binlake.testing.warehouse;

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
import dev.binlake.api.DmsWarehouse;
import dev.binlake.api.ErrorCode;
import dev.binlake.api.LoadResult;
import dev.binlake.api.Op;
import dev.binlake.api.TableStats;
import dev.binlake.files.dms.DmsFileReader;
import dev.binlake.files.dms.DmsOptions;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every SQL warehouse that loads AWS DMS output must do ({@link DmsItemsFiles}): full-load
 * files without {@code Op}, CDC files with it, hex LOAD counters and CDC names of different
 * lengths, ordered by (timestamp, file, row), plus the real DMS file of the shared test data. Reads
 * back with plain SQL ({@code "Op"} quoted, {@code CAST(… AS text)}, {@code information_schema});
 * what differs between warehouses comes from the hooks.
 */
public abstract class DmsLoadContract {
  @TempDir protected Path dir;
  protected DmsItemsFiles dms;
  protected DmsWarehouse warehouse;

  /** A warehouse that holds nothing yet; the contract closes it after each test. */
  protected abstract DmsWarehouse newWarehouse();

  /** Checks the types {@code qty} (SMALLINT in the file) and {@code created} got in history. */
  protected abstract void assertItemsColumnTypes();

  /** Checks what the warehouse's own table state says of {@code shop.items} after all files. */
  protected abstract void assertItemsTableState();

  /** Why the warehouse made no latest view of its only table (empty: it made one). */
  protected abstract Optional<String> noViewReason();

  /** The error of loading a CDC file ({@code key}) with a row whose {@code Op} is {@code X}. */
  protected abstract String badOpMessage(String key);

  @BeforeEach
  void openWarehouse() {
    dms = new DmsItemsFiles(dir);
    warehouse = newWarehouse();
  }

  @AfterEach
  void closeWarehouse() {
    warehouse.close();
  }

  @Test
  void fullLoadAndCdcFilesGiveHistoryInOrderAndTheLatestView() throws Exception {
    List<String> keys = dms.writeItemsFiles();
    // loaded newest first: the order comes from the files' content and names, not load order
    Collections.reverse(keys);
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
    assertItemsColumnTypes();
    assertItemsTableState();
    TableStats stats = warehouse.tableStats().get(0);
    assertThat(stats.historyRows()).isEqualTo(10);
    assertThat(stats.latestRows()).isEqualTo(3);
    assertThat(stats.files()).isEqualTo(5);
    assertThat(stats.lastKey()).isEmpty();
  }

  @Test
  void orderValuesInTheWarehouseEqualTheJavaReadersOrderValues() throws Exception {
    List<String> expected = new ArrayList<>();
    for (String key : dms.writeItemsFiles()) {
      load(key, KEYED);
      DmsFileReader.readRows(
          dms.local(key),
          dms.describe(key, KEYED),
          (op, timestamp, order, values) -> expected.add(order));
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
    String key = dms.writeItemsFiles().get(0);
    load(key, KEYED);

    LoadResult again = load(key, KEYED);

    assertThat(again).isEqualTo(new LoadResult(key, ITEMS, 0, LoadResult.Outcome.ALREADY_LOADED));
    assertThat(rows("SELECT count(*) FROM shop.items_history")).containsExactly(List.of(2L));
  }

  @Test
  void withoutAConfiguredKeyTheTableGetsHistoryOnly() throws Exception {
    for (String key : dms.writeItemsFiles()) {
      load(key, DmsOptions.withKeys(Map.of()));
    }

    assertThat(rows("SELECT count(*) FROM shop.items_history")).containsExactly(List.of(10L));
    assertThat(noViewReason())
        .contains(
            "no primary key: AWS DMS files carry none (name the key columns in"
                + " warehouse.keys; \"shop\".\"items_history\" has every change)");
    assertThat(
            rows(
                "SELECT count(*) FROM information_schema.tables WHERE table_name = 'items'"
                    + " AND table_type = 'VIEW'"))
        .containsExactly(List.of(0L));
  }

  @Test
  void refusesRowsWhoseOpIsNotIUD() throws Exception {
    String key = dms.writeOpFile("X");

    assertThatThrownBy(() -> load(key, KEYED))
        .isInstanceOf(BinlakeException.class)
        .hasMessage(badOpMessage(key))
        .extracting(e -> ((BinlakeException) e).code())
        .isEqualTo(ErrorCode.FILE_INVALID);
    assertThat(warehouse.isLoaded(key)).isFalse();
  }

  @Test
  void refusesDmsFilesForATableThatHoldsBinlakeChangeFiles() throws Exception {
    ChangeFileFixture binlake = new ChangeFileFixture(dir);
    ChangeFile file =
        binlake.write(
            "lake/shop/items/LOAD00000001.parquet",
            schema(ITEMS, List.of("id"), column("id", INT32), column("name", STRING)),
            change(Op.INSERT, 100, 1, "one"));
    warehouse.load(file, binlake.localPath(file.key()));
    String key = dms.writeItemsFiles().get(0);

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
    Path real = DmsItemsFiles.realFullLoadFile();
    String key = PREFIX + "/public/dms_test_table/LOAD00000001.parquet";

    LoadResult result = warehouse.loadDms(DmsFileReader.describe(real, key, PREFIX, KEYED), real);

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

  protected LoadResult load(String key, DmsOptions options) {
    return warehouse.loadDms(dms.describe(key, options), dms.local(key));
  }

  protected List<List<Object>> rows(String sql) {
    return warehouse.query(sql).rows();
  }
}
