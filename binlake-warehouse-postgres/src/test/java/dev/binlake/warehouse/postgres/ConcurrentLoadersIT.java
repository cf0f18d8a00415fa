package dev.binlake.warehouse.postgres;

import static dev.binlake.api.ColumnType.Kind.INT64;
import static dev.binlake.api.ColumnType.Kind.STRING;
import static dev.binlake.testing.warehouse.ChangeFileFixture.change;
import static dev.binlake.testing.warehouse.ChangeFileFixture.column;
import static dev.binlake.testing.warehouse.ChangeFileFixture.schema;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.binlake.api.ChangeFile;
import dev.binlake.api.LoadResult;
import dev.binlake.api.Op;
import dev.binlake.api.TableId;
import dev.binlake.api.TableSchema;
import dev.binlake.testing.warehouse.ChangeFileFixture;
import dev.binlake.testing.warehouse.PostgresTestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two loader processes (two warehouses, two connections) loading into one database at once. */
class ConcurrentLoadersIT {
  private static final TableId USERS = new TableId("shop", "users");
  private static final TableSchema USERS_SCHEMA =
      schema(USERS, List.of("id"), column("id", INT64), column("name", STRING));

  private static PostgresTestDatabase database;

  @TempDir Path dir;
  private ChangeFileFixture files;
  private PostgresWarehouse first;
  private PostgresWarehouse second;
  private ExecutorService threads;

  @BeforeAll
  static void createDatabase() {
    database = PostgresTestDatabase.create(ConcurrentLoadersIT.class);
  }

  @AfterAll
  static void dropDatabase() {
    if (database != null) {
      database.close();
    }
  }

  @BeforeEach
  void open() {
    database.dropSchemas();
    files = new ChangeFileFixture(dir);
    first = PostgresWarehouseIT.open(database);
    second = PostgresWarehouseIT.open(database);
    threads = Executors.newFixedThreadPool(2);
  }

  @AfterEach
  void close() throws InterruptedException {
    threads.shutdownNow();
    threads.awaitTermination(30, TimeUnit.SECONDS);
    first.close();
    second.close();
  }

  private Future<LoadResult> loadIn(PostgresWarehouse warehouse, ChangeFile file) {
    return threads.submit(() -> warehouse.load(file, files.localPath(file.key())));
  }

  private static long count(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      rows.next();
      return rows.getLong(1);
    }
  }

  @Test
  void sameFileLoadedByTwoLoadersAtOnceLandsOnce() throws Exception {
    first.load(
        files.write("cdc/0", USERS_SCHEMA, change(Op.INSERT, 100, 1L, "ann")),
        files.localPath("cdc/0"));
    ChangeFile file =
        files.write(
            "cdc/1",
            USERS_SCHEMA,
            change(Op.INSERT, 200, 2L, "bob"),
            change(Op.UPDATE, 300, 1L, "anna"));
    List<Future<LoadResult>> loads = new ArrayList<>();
    try (Connection blocker = database.connect()) {
      // Holds both loads inside their transactions: one waits for the history table, the other
      // for the first one's ledger row.
      blocker.setAutoCommit(false);
      try (Statement statement = blocker.createStatement()) {
        statement.execute("LOCK TABLE shop.users_history IN SHARE MODE");
      }
      loads.add(loadIn(first, file));
      loads.add(loadIn(second, file));
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () ->
                  count(
                      blocker,
                      "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'binlake'"
                          + " AND wait_event_type = 'Lock' AND datname = current_database()"),
              waiting -> waiting == 2);
      blocker.rollback();
    }
    List<LoadResult> results = new ArrayList<>();
    for (Future<LoadResult> load : loads) {
      results.add(load.get(60, TimeUnit.SECONDS));
    }

    assertThat(results)
        .containsExactlyInAnyOrder(
            new LoadResult("cdc/1", USERS, 2, LoadResult.Outcome.LOADED),
            new LoadResult("cdc/1", USERS, 0, LoadResult.Outcome.ALREADY_LOADED));
    assertThat(first.query("SELECT count(*) FROM shop.users_history").rows())
        .containsExactly(List.of(3L));
    assertThat(second.query("SELECT id, name FROM shop.users ORDER BY id").rows())
        .containsExactly(List.of(1L, "anna"), List.of(2L, "bob"));
  }

  @Test
  void twoLoadersRacingThroughTheSameFilesLoadEachOnce() throws Exception {
    List<ChangeFile> written = new ArrayList<>();
    for (int i = 1; i <= 12; i++) {
      written.add(
          files.write(
              "cdc/" + i,
              USERS_SCHEMA,
              change(Op.INSERT, i * 100L, (long) i, "u" + i),
              change(Op.UPDATE, i * 100L + 50, (long) i, "v" + i)));
    }
    CyclicBarrier start = new CyclicBarrier(2);
    List<Future<List<LoadResult>>> loaders = new ArrayList<>();
    for (PostgresWarehouse warehouse : List.of(first, second)) {
      loaders.add(
          threads.submit(
              () -> {
                start.await(30, TimeUnit.SECONDS);
                List<LoadResult> results = new ArrayList<>();
                for (ChangeFile file : written) {
                  results.add(warehouse.load(file, files.localPath(file.key())));
                }
                return results;
              }));
    }
    List<LoadResult> results = new ArrayList<>();
    for (Future<List<LoadResult>> loader : loaders) {
      results.addAll(loader.get(120, TimeUnit.SECONDS));
    }

    assertThat(results.stream().filter(r -> r.outcome() == LoadResult.Outcome.LOADED))
        .extracting(LoadResult::objectKey)
        .containsExactlyInAnyOrderElementsOf(written.stream().map(ChangeFile::key).toList());
    assertThat(Stream.of(first, second).map(w -> w.query("SELECT count(*) FROM shop.users")))
        .allSatisfy(r -> assertThat(r.rows()).containsExactly(List.of(12L)));
    try (Connection connection = database.connect()) {
      assertThat(count(connection, "SELECT count(*) FROM shop.users_history")).isEqualTo(24);
      assertThat(count(connection, "SELECT count(*) FROM binlake.loaded_files")).isEqualTo(12);
      assertThat(count(connection, "SELECT count(*) FROM shop.users WHERE name LIKE 'v%'"))
          .isEqualTo(12);
    }
  }
}
