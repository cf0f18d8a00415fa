package dev.binlake.testing.warehouse;

import static dev.binlake.api.ColumnType.Kind.INT32;
import static dev.binlake.api.ColumnType.Kind.INT64;
import static dev.binlake.api.ColumnType.Kind.STRING;
import static dev.binlake.testing.warehouse.ChangeFileFixture.change;
import static dev.binlake.testing.warehouse.ChangeFileFixture.column;
import static dev.binlake.testing.warehouse.ChangeFileFixture.schema;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.binlake.api.BinlakeException;
import dev.binlake.api.ChangeFile;
import dev.binlake.api.LoadResult;
import dev.binlake.api.Op;
import dev.binlake.api.OrderKey;
import dev.binlake.api.QueryResult;
import dev.binlake.api.TableId;
import dev.binlake.api.TableSchema;
import dev.binlake.api.TableStats;
import dev.binlake.api.ViewKeys;
import dev.binlake.api.Warehouse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every {@link Warehouse} must do. A warehouse's test extends this class and supplies {@link
 * #newWarehouse()}; every check loads real change files and reads back through {@link
 * Warehouse#query} with plain SQL ({@code "double quoted"} names, {@code ORDER BY}, {@code
 * count(*)}). Values are compared after {@link ContractValues#normalize}. Every column kind with
 * its edge values is in {@link ColumnKindsContract}.
 */
public abstract class WarehouseContract extends ColumnKindsContract {
  private static final TableId USERS = new TableId("contract_shop", "users");
  private static final TableSchema USERS_SCHEMA =
      schema(USERS, List.of("id"), column("id", INT64), column("name", STRING));
  private static final TableSchema USERS_WIDE =
      schema(
          USERS,
          List.of("id"),
          column("id", INT64),
          column("name", STRING),
          column("email", STRING));

  @TempDir protected Path dir;
  protected ChangeFileFixture files;
  protected Warehouse warehouse;

  /** A warehouse that holds nothing yet; the contract closes it after each test. */
  protected abstract Warehouse newWarehouse();

  /**
   * The same warehouse (what the current one holds) opened again with these key columns for tables
   * without a primary key ({@code warehouse.keys}); the contract has closed the current one.
   */
  protected abstract Warehouse reopen(ViewKeys keys);

  /** Closes the warehouse and opens it again with {@code keys}. */
  protected void reopenWith(ViewKeys keys) {
    warehouse.close();
    warehouse = null;
    warehouse = reopen(keys);
  }

  @BeforeEach
  void openWarehouse() {
    files = new ChangeFileFixture(dir);
    warehouse = newWarehouse();
  }

  @AfterEach
  void closeWarehouse() {
    if (warehouse != null) {
      warehouse.close();
    }
  }

  @Override
  protected Warehouse warehouse() {
    return warehouse;
  }

  @Override
  protected ChangeFileFixture files() {
    return files;
  }

  protected LoadResult load(ChangeFile file) {
    LoadResult result = warehouse.load(file, files.localPath(file.key()));
    warehouse.flush();
    return result;
  }

  @Test
  void historyHasEveryChangeInOrderAndViewShowsLatestRows() {
    load(
        files.write(
            "contract/LOAD00000001.parquet",
            USERS_SCHEMA,
            ChangeFile.Kind.LOAD,
            change(Op.INSERT, OrderKey.snapshot(1, 50, 0), 1L, "ann"),
            change(Op.INSERT, OrderKey.snapshot(1, 50, 1), 2L, "bob"),
            change(Op.INSERT, OrderKey.snapshot(1, 50, 2), 3L, "cy")));
    LoadResult result =
        load(
            files.write(
                "contract/cdc-1",
                USERS_SCHEMA,
                change(Op.UPDATE, 400, 2L, "bobby"),
                change(Op.DELETE, 500, 3L, "cy"),
                change(Op.INSERT, 600, 4L, "dee")));

    assertThat(result.objectKey()).isEqualTo("contract/cdc-1");
    assertThat(result.table()).isEqualTo(USERS);
    if (result.outcome() == LoadResult.Outcome.LOADED) {
      assertThat(result.rows()).isEqualTo(3);
    } else {
      assertThat(result.outcome()).isEqualTo(LoadResult.Outcome.QUEUED); // a batching warehouse
    }
    assertThat(rows("SELECT \"Op\", \"id\", \"name\" FROM " + history(USERS) + ORDER))
        .containsExactly(
            List.of("I", 1L, "ann"),
            List.of("I", 2L, "bob"),
            List.of("I", 3L, "cy"),
            List.of("U", 2L, "bobby"),
            List.of("D", 3L, "cy"),
            List.of("I", 4L, "dee"));
    QueryResult latest = warehouse.query("SELECT * FROM " + view(USERS) + " ORDER BY \"id\"");
    assertThat(latest.columns()).containsExactly("id", "name");
    assertThat(normalized(latest.rows()))
        .containsExactly(List.of(1L, "ann"), List.of(2L, "bobby"), List.of(4L, "dee"));
  }

  @Test
  void historyOrderIsTheOrderKeyNotTheCommitTime() {
    long later = ChangeFileFixture.COMMIT_MICROS + 5_000_000;
    load(files.write("contract/cdc-1", USERS_SCHEMA, change(Op.INSERT, 100, 1L, "a").at(later)));
    load(files.write("contract/cdc-2", USERS_SCHEMA, change(Op.UPDATE, 200, 1L, "b")));

    assertThat(rows("SELECT \"name\" FROM " + history(USERS) + ORDER))
        .containsExactly(List.of("a"), List.of("b"));
    assertThat(rows("SELECT \"name\" FROM " + view(USERS))).containsExactly(List.of("b"));
  }

  @Test
  void primaryKeyUpdateLeavesNoGhostRow() {
    load(files.write("contract/cdc-1", USERS_SCHEMA, change(Op.INSERT, 100, 1L, "ann")));
    load(
        files.write(
            "contract/cdc-2",
            USERS_SCHEMA,
            change(Op.DELETE, OrderKey.streamed(1, 200, 0, 0), 1L, "ann"),
            change(Op.INSERT, OrderKey.streamed(1, 200, 0, 1), 10L, "ann")));

    assertThat(rows("SELECT * FROM " + view(USERS))).containsExactly(List.of(10L, "ann"));
    assertThat(rows("SELECT count(*) FROM " + history(USERS))).containsExactly(List.of(3L));
  }

  @Test
  void updatesOfOneRowInOneTransactionAreOrderedByOrderKeyOnly() {
    load(
        files.write(
            "contract/cdc-1",
            USERS_SCHEMA,
            change(Op.INSERT, OrderKey.streamed(7, 900, 0, 0), 1L, "first"),
            change(Op.UPDATE, OrderKey.streamed(7, 900, 1, 0), 1L, "second"),
            change(Op.UPDATE, OrderKey.streamed(7, 900, 2, 0), 1L, "third"),
            change(Op.UPDATE, OrderKey.streamed(7, 1000, 0, 0), 2L, "x"),
            change(Op.DELETE, OrderKey.streamed(7, 1000, 1, 0), 2L, "x")));

    assertThat(rows("SELECT * FROM " + view(USERS))).containsExactly(List.of(1L, "third"));
    assertThat(rows("SELECT \"name\" FROM " + history(USERS) + " WHERE \"id\" = 1" + ORDER))
        .containsExactly(List.of("first"), List.of("second"), List.of("third"));
    assertThat(rows("SELECT count(DISTINCT \"binlake_commit_ts\") FROM " + history(USERS)))
        .containsExactly(List.of(1L));
  }

  @Test
  void compositeKeyKeepsOneRowPerKeyCombination() {
    TableId lines = new TableId("contract_shop", "order_lines");
    TableSchema shape =
        schema(
            lines,
            List.of("order_id", "line"),
            column("order_id", INT64),
            column("line", INT32),
            column("sku", STRING));
    load(
        files.write(
            "contract/cdc-1",
            shape,
            change(Op.INSERT, 100, 1L, 1, "a"),
            change(Op.INSERT, 110, 1L, 2, "b"),
            change(Op.INSERT, 120, 2L, 1, "c"),
            change(Op.UPDATE, 130, 1L, 2, "b2"),
            change(Op.DELETE, 140, 2L, 1, "c")));

    assertThat(rows("SELECT * FROM " + view(lines) + " ORDER BY \"order_id\", \"line\""))
        .containsExactly(List.of(1L, 1L, "a"), List.of(1L, 2L, "b2"));
  }

  @Test
  void tableWithoutPrimaryKeyGetsHistoryOnly() {
    TableId log = new TableId("contract_shop", "audit_log");
    load(
        files.write(
            "contract/cdc-1",
            schema(log, List.of(), column("msg", STRING)),
            change(Op.INSERT, 100, "hello"),
            change(Op.INSERT, 200, "hello")));

    assertThat(rows("SELECT \"msg\" FROM " + history(log) + ORDER))
        .containsExactly(List.of("hello"), List.of("hello"));
    assertThatThrownBy(() -> warehouse.query("SELECT * FROM " + view(log)))
        .isInstanceOf(BinlakeException.class)
        .hasMessageStartingWith("Cannot run query")
        .hasMessageContaining("audit_log");
  }

  @Test
  void theSameObjectKeyLoadedTwiceAddsNothing() {
    ChangeFile file = files.write("contract/cdc-1", USERS_SCHEMA, change(Op.INSERT, 100, 1L, "a"));
    assertThat(warehouse.isLoaded("contract/cdc-1")).isFalse();

    assertThat(load(file).outcome()).isIn(LoadResult.Outcome.LOADED, LoadResult.Outcome.QUEUED);
    assertThat(load(file))
        .isEqualTo(new LoadResult("contract/cdc-1", USERS, 0, LoadResult.Outcome.ALREADY_LOADED));

    assertThat(warehouse.isLoaded("contract/cdc-1")).isTrue();
    assertThat(warehouse.isLoaded("contract/cdc-2")).isFalse();
    assertThat(rows("SELECT count(*) FROM " + history(USERS))).containsExactly(List.of(1L));
  }

  @Test
  void addedColumnIsNullInOldRowsAndShownByTheView() {
    load(files.write("contract/cdc-1", USERS_SCHEMA, change(Op.INSERT, 100, 1L, "ann")));
    load(files.write("contract/cdc-2", USERS_WIDE, change(Op.INSERT, 200, 2L, "bob", "bob@x")));

    assertThat(rows("SELECT \"id\", \"email\" FROM " + history(USERS) + ORDER))
        .containsExactly(Arrays.asList(1L, null), List.of(2L, "bob@x"));
    QueryResult latest = warehouse.query("SELECT * FROM " + view(USERS) + " ORDER BY \"id\"");
    assertThat(latest.columns()).containsExactly("id", "name", "email");
    assertThat(normalized(latest.rows()))
        .containsExactly(Arrays.asList(1L, "ann", null), List.of(2L, "bob", "bob@x"));
  }

  @Test
  void droppedColumnStaysInHistoryAndLeavesTheView() {
    load(files.write("contract/cdc-1", USERS_WIDE, change(Op.INSERT, 100, 1L, "ann", "ann@x")));
    load(files.write("contract/cdc-2", USERS_SCHEMA, change(Op.UPDATE, 200, 1L, "anna")));

    assertThat(rows("SELECT \"name\", \"email\" FROM " + history(USERS) + ORDER))
        .containsExactly(List.of("ann", "ann@x"), Arrays.asList("anna", null));
    QueryResult latest = warehouse.query("SELECT * FROM " + view(USERS));
    assertThat(latest.columns()).containsExactly("id", "name");
    assertThat(normalized(latest.rows())).containsExactly(List.of(1L, "anna"));
  }

  @Test
  void olderFileLoadedLateDoesNotRollTheViewBack() {
    ChangeFile older = files.write("contract/cdc-1", USERS_SCHEMA, change(Op.INSERT, 100, 1L, "a"));
    ChangeFile newer =
        files.write("contract/cdc-2", USERS_WIDE, change(Op.INSERT, 200, 2L, "b", "b@x"));
    load(newer);
    load(older);

    QueryResult latest = warehouse.query("SELECT * FROM " + view(USERS) + " ORDER BY \"id\"");
    assertThat(latest.columns()).containsExactly("id", "name", "email");
    assertThat(normalized(latest.rows()))
        .containsExactly(Arrays.asList(1L, "a", null), List.of(2L, "b", "b@x"));
  }

  @Test
  void tableStatsCountHistoryLatestRowsAndFiles() {
    load(
        files.write(
            "contract/cdc-1",
            USERS_SCHEMA,
            change(Op.INSERT, 100, 1L, "ann"),
            change(Op.INSERT, 200, 2L, "b")));
    ChangeFile second =
        files.write("contract/cdc-2", USERS_SCHEMA, change(Op.DELETE, 300, 2L, "b"));
    load(second);

    assertThat(warehouse.tableStats())
        .containsExactly(
            new TableStats(
                USERS,
                3,
                1,
                2,
                Optional.of(second.last()),
                Optional.of(Instant.parse("2024-05-01T10:00:00Z"))));
  }

  @Test
  void truncateMarkerHidesEveryEarlierRowFromTheView() {
    load(
        files.write(
            "contract/cdc-1",
            USERS_SCHEMA,
            change(Op.INSERT, 100, 1L, "ann"),
            change(Op.INSERT, 200, 2L, "bob"),
            change(Op.TRUNCATE, 300, null, null),
            change(Op.INSERT, 400, 3L, "cy")));
    load(files.write("contract/cdc-2", USERS_SCHEMA, change(Op.INSERT, 500, 1L, "ann again")));

    assertThat(rows("SELECT \"Op\", \"id\", \"name\" FROM " + history(USERS) + ORDER))
        .containsExactly(
            List.of("I", 1L, "ann"),
            List.of("I", 2L, "bob"),
            Arrays.asList("T", null, null),
            List.of("I", 3L, "cy"),
            List.of("I", 1L, "ann again"));
    assertThat(rows("SELECT * FROM " + view(USERS) + " ORDER BY \"id\""))
        .containsExactly(List.of(1L, "ann again"), List.of(3L, "cy"));
    load(files.write("contract/cdc-3", USERS_SCHEMA, change(Op.TRUNCATE, 600, null, null)));
    assertThat(rows("SELECT count(*) FROM " + view(USERS))).containsExactly(List.of(0L));
    assertThat(warehouse.tableStats()).extracting(TableStats::dropped).containsExactly(false);
  }

  @Test
  void dropTableMarkerEmptiesTheViewUntilTheTableIsWrittenAgain() {
    load(files.write("contract/cdc-1", USERS_SCHEMA, change(Op.INSERT, 100, 1L, "ann")));
    ChangeFile drop =
        files.write("contract/cdc-2", USERS_SCHEMA, change(Op.DROP_TABLE, 200, null, null));
    load(drop);

    assertThat(rows("SELECT count(*) FROM " + view(USERS))).containsExactly(List.of(0L));
    assertThat(warehouse.tableStats())
        .containsExactly(
            new TableStats(
                USERS,
                2,
                0,
                2,
                Optional.of(drop.last()),
                Optional.of(Instant.parse("2024-05-01T10:00:00Z")),
                Optional.empty(),
                true));

    load(files.write("contract/cdc-3", USERS_SCHEMA, change(Op.INSERT, 300, 2L, "bob")));
    assertThat(rows("SELECT * FROM " + view(USERS))).containsExactly(List.of(2L, "bob"));
    assertThat(warehouse.tableStats()).extracting(TableStats::dropped).containsExactly(false);
  }

  @Test
  void tableStatsSayWhyATableHasNoView() {
    TableId log = new TableId("contract_shop", "audit_log");
    load(
        files.write(
            "contract/cdc-1",
            schema(log, List.of(), column("msg", STRING)),
            change(Op.INSERT, 100, "hello")));

    assertThat(warehouse.tableStats()).hasSize(1);
    TableStats stats = warehouse.tableStats().get(0);
    assertThat(stats.noViewReason()).isPresent();
    assertThat(stats.noViewReason().get())
        .startsWith("no primary key: the latest view needs one")
        .contains("audit_log_history")
        .contains("warehouse.keys")
        .endsWith("has every change)");
    assertThat(stats.latestRows()).isZero();
  }

  @Test
  void tableWithoutPrimaryKeyGetsAViewByTheConfiguredKey() {
    TableId log = new TableId("contract_shop", "audit_log");
    reopenWith(new ViewKeys(Map.of(log, List.of("ID"))));
    TableSchema shape = schema(log, List.of(), column("id", INT64), column("msg", STRING));
    load(
        files.write(
            "contract/cdc-1",
            shape,
            change(Op.INSERT, 100, 1L, "a"),
            change(Op.INSERT, 200, 2L, "b"),
            change(Op.INSERT, 300, 3L, "c")));
    load(
        files.write(
            "contract/cdc-2",
            shape,
            change(Op.UPDATE, 400, 1L, "a2"),
            change(Op.DELETE, 500, 2L, "b"),
            change(Op.UPDATE, 600, 3L, "c2")));

    assertThat(rows("SELECT count(*) FROM " + history(log))).containsExactly(List.of(6L));
    QueryResult latest = warehouse.query("SELECT * FROM " + view(log) + " ORDER BY \"id\"");
    assertThat(latest.columns()).containsExactly("id", "msg");
    assertThat(normalized(latest.rows())).containsExactly(List.of(1L, "a2"), List.of(3L, "c2"));
    TableStats stats = warehouse.tableStats().get(0);
    assertThat(stats.noViewReason()).isEmpty();
    assertThat(stats.latestRows()).isEqualTo(2);
  }

  @Test
  void configuredKeyOfAMissingColumnLeavesNoViewAndSaysWhich() {
    TableId log = new TableId("contract_shop", "audit_log");
    reopenWith(new ViewKeys(Map.of(log, List.of("id", "no_such"))));
    load(
        files.write(
            "contract/cdc-1",
            schema(log, List.of(), column("id", INT64), column("msg", STRING)),
            change(Op.INSERT, 100, 1L, "a")));

    assertThat(rows("SELECT count(*) FROM " + history(log))).containsExactly(List.of(1L));
    assertThatThrownBy(() -> warehouse.query("SELECT * FROM " + view(log)))
        .isInstanceOf(BinlakeException.class)
        .hasMessageStartingWith("Cannot run query");
    TableStats stats = warehouse.tableStats().get(0);
    assertThat(stats.noViewReason()).isPresent();
    assertThat(stats.noViewReason().get())
        .contains("warehouse.keys names key column no_such")
        .contains("contract_shop.audit_log does not have")
        .contains("its columns are id, msg")
        .contains("audit_log_history");
  }

  @Test
  void changedKeyConfigurationRemakesTheViewAtTheNextLoad() {
    TableId log = new TableId("contract_shop", "audit_log");
    TableSchema shape = schema(log, List.of(), column("id", INT64), column("msg", STRING));
    load(files.write("contract/cdc-1", shape, change(Op.INSERT, 100, 1L, "a")));
    assertThat(warehouse.tableStats().get(0).noViewReason()).isPresent();

    reopenWith(new ViewKeys(Map.of(log, List.of("id"))));
    load(files.write("contract/cdc-2", shape, change(Op.INSERT, 200, 1L, "a2")));
    assertThat(rows("SELECT * FROM " + view(log))).containsExactly(List.of(1L, "a2"));

    reopenWith(new ViewKeys(Map.of(log, List.of("msg"))));
    load(files.write("contract/cdc-3", shape, change(Op.INSERT, 300, 2L, "a2")));
    assertThat(rows("SELECT * FROM " + view(log) + " ORDER BY \"id\""))
        .containsExactly(List.of(1L, "a"), List.of(2L, "a2"));

    reopenWith(ViewKeys.none());
    load(files.write("contract/cdc-4", shape, change(Op.INSERT, 400, 3L, "z")));
    assertThatThrownBy(() -> warehouse.query("SELECT * FROM " + view(log)))
        .isInstanceOf(BinlakeException.class)
        .hasMessageStartingWith("Cannot run query");
    assertThat(warehouse.tableStats().get(0).noViewReason().get())
        .startsWith("no primary key: the latest view needs one");
  }

  @Test
  void sourcePrimaryKeyWinsOverAConfiguredKey() {
    reopenWith(new ViewKeys(Map.of(USERS, List.of("name"))));
    load(
        files.write(
            "contract/cdc-1",
            USERS_SCHEMA,
            change(Op.INSERT, 100, 1L, "same"),
            change(Op.INSERT, 200, 2L, "same")));

    assertThat(rows("SELECT * FROM " + view(USERS) + " ORDER BY \"id\""))
        .containsExactly(List.of(1L, "same"), List.of(2L, "same"));
  }

  @Test
  void quotedNamesAllowReservedWordsMixedCaseAndSpaces() {
    TableId order = new TableId("Contract Shop", "order");
    TableSchema shape =
        schema(
            order,
            List.of("Select"),
            column("Select", INT32),
            column("Mixed Case", STRING),
            column("quote\"d", STRING));
    load(files.write("contract/cdc-1", shape, change(Op.INSERT, 100, 1, "x", "y")));

    QueryResult result = warehouse.query("SELECT * FROM " + view(order));
    assertThat(result.columns()).containsExactly("Select", "Mixed Case", "quote\"d");
    assertThat(normalized(result.rows())).containsExactly(List.of(1L, "x", "y"));
    assertThat(rows("SELECT count(*) FROM " + history(order))).containsExactly(List.of(1L));
  }
}
