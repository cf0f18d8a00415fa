package dev.binlake.warehouse.duckdb;

import static dev.binlake.api.ColumnType.Kind.INT32;
import static dev.binlake.api.ColumnType.Kind.INT64;
import static dev.binlake.api.ColumnType.Kind.STRING;
import static dev.binlake.warehouse.duckdb.ChangeFileFixture.change;
import static dev.binlake.warehouse.duckdb.ChangeFileFixture.column;
import static dev.binlake.warehouse.duckdb.ChangeFileFixture.schema;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.binlake.api.BinlakeException;
import dev.binlake.api.ChangeFile;
import dev.binlake.api.ErrorCode;
import dev.binlake.api.LoadResult;
import dev.binlake.api.OrderKey;
import dev.binlake.api.QueryResult;
import dev.binlake.api.TableId;
import dev.binlake.api.TableSchema;
import dev.binlake.api.TableStats;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DuckDbWarehouseTest {
  private static final TableId USERS = new TableId("shop", "users");
  private static final TableSchema USERS_SCHEMA =
      schema(USERS, List.of("id"), column("id", INT64), column("name", STRING));

  @TempDir Path dir;
  private ChangeFileFixture files;
  private DuckDbWarehouse warehouse;

  @BeforeEach
  void open() {
    files = new ChangeFileFixture(dir);
    warehouse = DuckDbWarehouse.open(dir.resolve("lake.duckdb"));
  }

  @AfterEach
  void close() {
    warehouse.close();
  }

  private LoadResult load(ChangeFile file) {
    return warehouse.load(file, files.localPath(file.key()));
  }

  private List<List<Object>> rows(String sql) {
    return warehouse.query(sql).rows();
  }

  @Test
  void historyKeepsEveryChangeAndViewShowsLatestRows() throws Exception {
    load(
        files.write(
            "cdc/1",
            USERS_SCHEMA,
            change("I", 100, 1L, "ann"),
            change("I", 200, 2L, "bob"),
            change("I", 300, 3L, "cy")));
    LoadResult result =
        load(
            files.write(
                "cdc/2", USERS_SCHEMA, change("U", 400, 2L, "bobby"), change("D", 500, 3L, "cy")));

    assertThat(result).isEqualTo(new LoadResult("cdc/2", USERS, 2, LoadResult.Outcome.LOADED));
    assertThat(rows("SELECT Op, id, name FROM shop.users_history ORDER BY binlake_order"))
        .containsExactly(
            List.of("I", 1L, "ann"),
            List.of("I", 2L, "bob"),
            List.of("I", 3L, "cy"),
            List.of("U", 2L, "bobby"),
            List.of("D", 3L, "cy"));
    assertThat(warehouse.query("SELECT * FROM shop.users ORDER BY id").columns())
        .containsExactly("id", "name");
    assertThat(rows("SELECT * FROM shop.users ORDER BY id"))
        .containsExactly(List.of(1L, "ann"), List.of(2L, "bobby"));
  }

  @Test
  void primaryKeyUpdateAsDeleteAndInsertRemovesOldKey() throws Exception {
    load(files.write("cdc/1", USERS_SCHEMA, change("I", 100, 1L, "ann")));
    load(
        files.write(
            "cdc/2",
            USERS_SCHEMA,
            change("D", OrderKey.streamed(1, 200, 0, 0), 1L, "ann"),
            change("I", OrderKey.streamed(1, 200, 0, 1), 10L, "ann")));

    assertThat(rows("SELECT * FROM shop.users")).containsExactly(List.of(10L, "ann"));
  }

  @Test
  void updatesInOneTransactionAreOrderedByOrderKeyOnly() throws Exception {
    // same commit timestamp for all; the file lists them out of order on purpose
    load(
        files.write(
            "cdc/1",
            USERS_SCHEMA,
            change("U", OrderKey.streamed(7, 900, 2, 0), 1L, "third"),
            change("I", OrderKey.streamed(7, 900, 0, 0), 1L, "first"),
            change("U", OrderKey.streamed(7, 900, 1, 0), 1L, "second")));

    assertThat(rows("SELECT * FROM shop.users")).containsExactly(List.of(1L, "third"));
    assertThat(rows("SELECT count(DISTINCT binlake_commit_ts) FROM shop.users_history"))
        .containsExactly(List.of(1L));
  }

  @Test
  void compositeKeyKeepsOneRowPerKeyCombination() throws Exception {
    TableId lines = new TableId("shop", "order_lines");
    TableSchema schema =
        schema(
            lines,
            List.of("order_id", "line"),
            column("order_id", INT64),
            column("line", INT32),
            column("sku", STRING));
    load(
        files.write(
            "cdc/1",
            schema,
            change("I", 100, 1L, 1, "a"),
            change("I", 110, 1L, 2, "b"),
            change("I", 120, 2L, 1, "c"),
            change("U", 130, 1L, 2, "b2"),
            change("D", 140, 2L, 1, "c")));

    assertThat(rows("SELECT * FROM shop.order_lines ORDER BY order_id, line"))
        .containsExactly(List.of(1L, 1, "a"), List.of(1L, 2, "b2"));
  }

  @Test
  void tableWithoutPrimaryKeyGetsHistoryButNoViewAndSaysWhy() throws Exception {
    TableId log = new TableId("shop", "audit_log");
    load(
        files.write(
            "cdc/1",
            schema(log, List.of(), column("msg", STRING)),
            change("I", 100, "hello"),
            change("I", 200, "hello")));

    assertThat(rows("SELECT msg FROM shop.audit_log_history"))
        .containsExactly(List.of("hello"), List.of("hello"));
    assertThat(rows("SELECT count(*) FROM duckdb_views() WHERE view_name = 'audit_log'"))
        .containsExactly(List.of(0L));
    TableState state = warehouse.tables().get(0);
    assertThat(state.hasLatestView()).isFalse();
    assertThat(state.noViewReason())
        .contains(
            "no primary key: the latest view needs one (add a primary key to the source table, or"
                + " name key columns in warehouse.keys; \"shop\".\"audit_log_history\" has every"
                + " change)");
  }

  @Test
  void loadingTheSameKeyTwiceAddsNothing() throws Exception {
    ChangeFile file = files.write("cdc/1", USERS_SCHEMA, change("I", 100, 1L, "ann"));
    assertThat(warehouse.isLoaded("cdc/1")).isFalse();

    assertThat(load(file).outcome()).isEqualTo(LoadResult.Outcome.LOADED);
    assertThat(load(file))
        .isEqualTo(new LoadResult("cdc/1", USERS, 0, LoadResult.Outcome.ALREADY_LOADED));

    assertThat(warehouse.isLoaded("cdc/1")).isTrue();
    assertThat(rows("SELECT count(*) FROM shop.users_history")).containsExactly(List.of(1L));
    assertThat(
            rows(
                "SELECT object_key, schema_name, table_name, row_count, first_key, last_key"
                    + " FROM binlake.loaded_files"))
        .containsExactly(
            List.of("cdc/1", "shop", "users", 1L, file.first().value(), file.last().value()));
  }

  @Test
  void rowCountDifferentFromMetadataLoadsNothing() throws Exception {
    ChangeFile written = files.write("cdc/1", USERS_SCHEMA, change("I", 100, 1L, "ann"));
    ChangeFile claimsTwo =
        new ChangeFile(
            written.key(),
            written.schema(),
            written.kind(),
            2,
            written.first(),
            written.last(),
            written.lastOffset());

    assertThatThrownBy(() -> load(claimsTwo))
        .isInstanceOf(BinlakeException.class)
        .hasMessage(
            "Cannot load cdc/1 into \"shop\".\"users_history\": the file holds 1 rows but"
                + " its metadata says 2 (nothing was loaded; rewrite the file)")
        .extracting(e -> ((BinlakeException) e).code())
        .isEqualTo(ErrorCode.LOAD_FAILED);
    assertThat(warehouse.isLoaded("cdc/1")).isFalse();
    assertThat(rows("SELECT count(*) FROM shop.users_history")).containsExactly(List.of(0L));
    assertThat(load(written).rows()).isEqualTo(1);
  }

  @Test
  void quotedIdentifiersAllowReservedWordsMixedCaseAndSpaces() throws Exception {
    TableId order = new TableId("My Shop", "order");
    TableSchema schema =
        schema(
            order,
            List.of("Select"),
            column("Select", INT32),
            column("Mixed Case", STRING),
            column("quote\"d", STRING));
    load(files.write("cdc/1", schema, change("I", 100, 1, "x", "y")));

    QueryResult result = warehouse.query("SELECT * FROM \"My Shop\".\"order\"");
    assertThat(result.columns()).containsExactly("Select", "Mixed Case", "quote\"d");
    assertThat(result.rows()).containsExactly(List.of(1, "x", "y"));
    assertThat(rows("SELECT count(*) FROM \"My Shop\".\"order_history\""))
        .containsExactly(List.of(1L));
  }

  @Test
  void tableStatsCountHistoryLatestRowsAndFiles() throws Exception {
    load(
        files.write("cdc/1", USERS_SCHEMA, change("I", 100, 1L, "ann"), change("I", 200, 2L, "b")));
    ChangeFile second = files.write("cdc/2", USERS_SCHEMA, change("D", 300, 2L, "b"));
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
  void stateSurvivesReopening() throws Exception {
    load(files.write("cdc/1", USERS_SCHEMA, change("I", 100, 1L, "ann")));
    warehouse.close();
    warehouse = DuckDbWarehouse.open(dir.resolve("lake.duckdb"));

    assertThat(warehouse.isLoaded("cdc/1")).isTrue();
    assertThat(rows("SELECT * FROM shop.users")).containsExactly(List.of(1L, "ann"));
    assertThat(warehouse.tables()).extracting(TableState::schema).containsExactly(USERS_SCHEMA);
  }

  @Test
  void queriesFromOtherThreadsRunWhileLoadsRun() throws Exception {
    List<ChangeFile> written = new ArrayList<>();
    for (int i = 1; i <= 20; i++) {
      written.add(files.write("cdc/" + i, USERS_SCHEMA, change("I", i * 100L, (long) i, "u" + i)));
    }
    load(written.get(0));
    ExecutorService readers = Executors.newFixedThreadPool(3);
    AtomicBoolean loading = new AtomicBoolean(true);
    List<Future<Long>> counts = new ArrayList<>();
    try {
      for (int r = 0; r < 3; r++) {
        counts.add(
            readers.submit(
                () -> {
                  long queries = 0;
                  do {
                    Object seen = rows("SELECT count(*) FROM shop.users").get(0).get(0);
                    assertThat((Long) seen).isBetween(1L, 20L);
                    queries++;
                  } while (loading.get());
                  return queries;
                }));
      }
      written.subList(1, 20).forEach(this::load);
    } finally {
      loading.set(false);
      readers.shutdown();
    }
    for (Future<Long> count : counts) {
      assertThat(count.get(30, TimeUnit.SECONDS)).isPositive();
    }
    assertThat(rows("SELECT count(*) FROM shop.users")).containsExactly(List.of(20L));
  }

  @Test
  void errorReasonIsDuckDbsOwnTextEvenWhenTheDriverWrapsIt() {
    assertThat(
            DuckDbWarehouse.reason(
                new SQLException(
                    "Invalid Input Error: Attempting to execute an unsuccessful or closed pending"
                        + " query result\n"
                        + "Error: IO Error: disk full")))
        .isEqualTo("IO Error: disk full");
    assertThat(DuckDbWarehouse.reason(new SQLException("Conversion Error: bad\n")))
        .isEqualTo("Conversion Error: bad");
  }

  @Test
  void queryRejectsBadSqlWithTheReason() {
    assertThatThrownBy(() -> warehouse.query("SELEC 1"))
        .isInstanceOf(BinlakeException.class)
        .hasMessageStartingWith(
            "Cannot run query on "
                + dir.resolve("lake.duckdb").toAbsolutePath()
                + ": Parser Error: syntax error at or near \"SELEC\"")
        .hasMessageEndingWith("(check the SQL)");
  }
}
