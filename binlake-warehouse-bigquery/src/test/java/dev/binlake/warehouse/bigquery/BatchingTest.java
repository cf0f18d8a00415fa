package dev.binlake.warehouse.bigquery;

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
import dev.binlake.warehouse.bigquery.fake.FakeBigQuery;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BatchingTest {
  private static final TableId ORDERS = new TableId("shop", "orders");
  private static final TableId ITEMS = new TableId("shop", "items");
  private static final TableSchema ORDERS_SCHEMA =
      schema(ORDERS, List.of("id"), column("id", INT64), column("note", STRING));
  private static final TableSchema ITEMS_SCHEMA =
      schema(ITEMS, List.of("id"), column("id", INT64), column("note", STRING));

  @TempDir Path dir;
  private FakeBigQueryExtension bigquery;
  private ChangeFileFixture files;

  @BeforeEach
  void start() throws Exception {
    Files.createDirectories(dir.resolve("files"));
    files = new ChangeFileFixture(dir.resolve("files"));
  }

  @AfterEach
  void stop() throws Exception {
    bigquery.close();
  }

  private ChangeFile write(TableSchema schema, int n) {
    return files.write(
        schema.table().table() + "/cdc-" + String.format("%03d", n),
        schema,
        change(Op.INSERT, 100L * n, (long) n, "a" + n),
        change(Op.UPDATE, 100L * n + 1, (long) n, "b" + n));
  }

  @Test
  void twentyFilesOfOneTableBecomeOneLoadJob() throws Exception {
    bigquery = new FakeBigQueryExtension(Duration.ofMinutes(10));
    BigQueryWarehouse warehouse = bigquery.open(dir.resolve("state"));
    for (int n = 1; n <= 20; n++) {
      ChangeFile file = write(ORDERS_SCHEMA, n);
      assertThat(warehouse.load(file, files.localPath(file.key())).outcome())
          .isEqualTo(LoadResult.Outcome.QUEUED);
    }
    assertThat(warehouse.isLoaded("orders/cdc-007")).isTrue(); // queued counts as loaded
    assertThat(bigquery.fake.loadJobs()).isEmpty();

    warehouse.flush();

    List<FakeBigQuery.LoadJob> jobs = bigquery.fake.loadJobs();
    assertThat(jobs).hasSize(1);
    assertThat(jobs.get(0).rows()).isEqualTo(40);
    assertThat(
            warehouse
                .query("SELECT count(*), count(DISTINCT id) FROM `shop.orders_history`")
                .rows())
        .containsExactly(List.of(40L, 20L));
    assertThat(
            warehouse.query("SELECT count(DISTINCT object_key) FROM `binlake.loaded_files`").rows())
        .containsExactly(List.of(20L));
    assertThat(warehouse.query("SELECT note FROM `shop.orders` WHERE id = 20").rows())
        .containsExactly(List.of("b20"));
    assertThat(warehouse.loadJobsSubmitted()).isEqualTo(1);
  }

  @Test
  void aTableGetsAtMostOneLoadJobPerIntervalWhateverTheFileRate() throws Exception {
    Duration interval = Duration.ofMillis(1500);
    bigquery = new FakeBigQueryExtension(interval);
    BigQueryWarehouse warehouse = bigquery.open(dir.resolve("state"));
    for (int round = 0; round < 3; round++) {
      for (int n = round * 4 + 1; n <= round * 4 + 4; n++) {
        ChangeFile orders = write(ORDERS_SCHEMA, n);
        warehouse.load(orders, files.localPath(orders.key()));
        ChangeFile items = write(ITEMS_SCHEMA, n);
        warehouse.load(items, files.localPath(items.key()));
      }
      warehouse.flush();
    }

    List<FakeBigQuery.LoadJob> jobs = bigquery.fake.loadJobs();
    assertThat(jobs).hasSize(6);
    for (String table : List.of("orders_history", "items_history")) {
      List<FakeBigQuery.LoadJob> ofTable =
          jobs.stream().filter(j -> j.table().equals(table)).toList();
      assertThat(ofTable).hasSize(3);
      for (int i = 1; i < ofTable.size(); i++) {
        assertThat(Duration.between(ofTable.get(i - 1).createdAt(), ofTable.get(i).createdAt()))
            .isGreaterThanOrEqualTo(interval);
      }
    }
    assertThat(warehouse.query("SELECT count(*) FROM `shop.items_history`").rows())
        .containsExactly(List.of(24L));
  }

  @Test
  void theTimerLoadsQueuedFilesWithoutFlush() throws Exception {
    bigquery = new FakeBigQueryExtension(Duration.ofMillis(500));
    BigQueryWarehouse warehouse = bigquery.open(dir.resolve("state"));
    for (int n = 1; n <= 3; n++) {
      ChangeFile file = write(ORDERS_SCHEMA, n);
      warehouse.load(file, files.localPath(file.key()));
    }

    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                warehouse.query("SELECT count(*) FROM `binlake.loaded_files`").rows().get(0).get(0),
            count -> count.equals(3L));
    assertThat(warehouse.query("SELECT count(*) FROM `shop.orders_history`").rows())
        .containsExactly(List.of(6L));
    assertThat(bigquery.fake.loadJobs()).isNotEmpty(); // the fake checks their spacing
  }

  @Test
  void filesQueuedBeforeACrashLoadAfterRestart() throws Exception {
    bigquery = new FakeBigQueryExtension(Duration.ofMinutes(10));
    BigQueryWarehouse first = bigquery.open(dir.resolve("state"));
    for (int n = 1; n <= 3; n++) {
      ChangeFile file = write(ORDERS_SCHEMA, n);
      first.load(file, files.localPath(file.key()));
      Files.delete(files.localPath(file.key())); // the loader deletes its temporary copy
    }
    first.close(); // no flush: the process stops with files queued

    BigQueryWarehouse second = bigquery.open(dir.resolve("state"));
    assertThat(second.isLoaded("orders/cdc-002")).isTrue();
    second.flush();

    assertThat(bigquery.fake.loadJobs()).hasSize(1);
    assertThat(second.query("SELECT count(*) FROM `shop.orders_history`").rows())
        .containsExactly(List.of(6L));
  }
}
