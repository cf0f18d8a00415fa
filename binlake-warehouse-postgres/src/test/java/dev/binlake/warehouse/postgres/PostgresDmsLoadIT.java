package dev.binlake.warehouse.postgres;

import static dev.binlake.testing.warehouse.DmsItemsFiles.KEYED;
import static org.assertj.core.api.Assertions.assertThat;

import dev.binlake.api.DmsWarehouse;
import dev.binlake.api.LoadResult;
import dev.binlake.testing.warehouse.DmsLoadContract;
import dev.binlake.testing.warehouse.PostgresTestDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * AWS DMS output in the PostgreSQL warehouse, the DMS-load contract: full-load files without {@code
 * Op}, CDC files with it, hex LOAD counters and CDC names of different lengths, ordered by
 * (timestamp, file, row); files written by DuckDB the way DMS writes them (legacy INT_16,
 * TIMESTAMP_MILLIS), plus the real DMS file from the shared test data.
 */
class PostgresDmsLoadIT extends DmsLoadContract {
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

  @Override
  protected DmsWarehouse newWarehouse() {
    database.dropSchemas();
    return PostgresWarehouse.open(database.jdbcUrl(), database.user(), database.password());
  }

  private PostgresWarehouse postgres() {
    return (PostgresWarehouse) warehouse;
  }

  @Override
  protected void assertItemsColumnTypes() {
    assertThat(
            rows(
                "SELECT DISTINCT data_type FROM information_schema.columns WHERE table_name ="
                    + " 'items_history' AND column_name IN ('qty', 'created') ORDER BY 1"))
        .containsExactly(List.of("integer"), List.of("timestamp without time zone"));
  }

  @Override
  protected void assertItemsTableState() {
    assertThat(postgres().tables())
        .singleElement()
        .satisfies(
            state -> {
              assertThat(state.isDms()).isTrue();
              assertThat(state.hasLatestView()).isTrue();
              assertThat(state.lastKey()).isEmpty();
              assertThat(state.lastOrder()).startsWith("20240809192718000100000-1");
            });
  }

  @Override
  protected Optional<String> noViewReason() {
    return postgres().tables().get(0).noViewReason();
  }

  @Override
  protected String badOpMessage(String key) {
    return "Cannot read rows of "
        + key
        + ": row 0: Unknown Op code 'X': expected I, U or D (the file is damaged or not what DMS"
        + " writes: move it out of the change-file prefix)";
  }

  @Test
  void loadersInSeveralConnectionsLoadEachFileOnce() throws Exception {
    List<String> keys = dms.writeItemsFiles();
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
          results.add(pool.submit(() -> loader.loadDms(dms.describe(key, KEYED), dms.local(key))));
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
}
