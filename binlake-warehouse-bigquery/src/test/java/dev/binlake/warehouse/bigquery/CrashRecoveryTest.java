package dev.binlake.warehouse.bigquery;

import static dev.binlake.api.ColumnType.Kind.INT64;
import static dev.binlake.api.ColumnType.Kind.STRING;
import static dev.binlake.testing.warehouse.ChangeFileFixture.change;
import static dev.binlake.testing.warehouse.ChangeFileFixture.column;
import static dev.binlake.testing.warehouse.ChangeFileFixture.schema;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.binlake.api.BinlakeException;
import dev.binlake.api.ChangeFile;
import dev.binlake.api.ErrorCode;
import dev.binlake.api.Op;
import dev.binlake.api.TableId;
import dev.binlake.api.TableSchema;
import dev.binlake.testing.warehouse.ChangeFileFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CrashRecoveryTest {
  private static final TableId USERS = new TableId("shop", "users");
  private static final TableSchema USERS_SCHEMA =
      schema(USERS, List.of("id"), column("id", INT64), column("name", STRING));

  @TempDir Path dir;
  private FakeBigQueryExtension bigquery;
  private ChangeFileFixture files;

  @BeforeEach
  void start() throws Exception {
    // long enough that the timer never fires while a test queues its files
    bigquery = new FakeBigQueryExtension(Duration.ofSeconds(2));
    Files.createDirectories(dir.resolve("files"));
    files = new ChangeFileFixture(dir.resolve("files"));
  }

  @AfterEach
  void stop() throws Exception {
    bigquery.close();
  }

  private void queue(BigQueryWarehouse warehouse, int n) {
    ChangeFile file =
        files.write("users/cdc-" + n, USERS_SCHEMA, change(Op.INSERT, 100L * n, (long) n, "u" + n));
    warehouse.load(file, files.localPath(file.key()));
  }

  @Test
  void crashAfterTheLoadJobReusesItsIdAndLoadsNoRowTwice() {
    BigQueryWarehouse first = bigquery.open(dir.resolve("state"));
    for (int n = 1; n <= 3; n++) {
      queue(first, n);
    }
    bigquery.fake.refuseQueryOnce("loaded_files"); // dies before the ledger rows are written
    assertThatThrownBy(first::flush)
        .isInstanceOf(BinlakeException.class)
        .hasMessageContaining("Cannot load the batch of shop.users into BigQuery")
        .hasMessageContaining("refused")
        .hasMessageEndingWith("(the batch is retried with the same job id)")
        .extracting(e -> ((BinlakeException) e).code())
        .isEqualTo(ErrorCode.LOAD_FAILED);
    first.close();
    String jobId = bigquery.fake.loadJobs().get(0).jobId();
    bigquery.fake.hideJobOnce(jobId); // the restart does not see the job: it submits again

    BigQueryWarehouse second = bigquery.open(dir.resolve("state"));
    assertThat(second.isLoaded("users/cdc-2")).isTrue();
    second.flush();

    assertThat(bigquery.fake.duplicateJobInserts()).containsExactly(jobId);
    assertThat(bigquery.fake.loadJobs()).hasSize(1);
    assertThat(second.query("SELECT count(*) FROM `shop.users_history`").rows())
        .containsExactly(List.of(3L));
    assertThat(
            second.query("SELECT object_key, job_id FROM `binlake.loaded_files` ORDER BY 1").rows())
        .containsExactly(
            List.of("users/cdc-1", jobId),
            List.of("users/cdc-2", jobId),
            List.of("users/cdc-3", jobId));
    assertThat(second.query("SELECT id, name FROM `shop.users` ORDER BY id").rows())
        .containsExactly(List.of(1L, "u1"), List.of(2L, "u2"), List.of(3L, "u3"));
  }

  @Test
  void restartAfterTheLedgerFindsBothJobsAndAddsNothing() {
    BigQueryWarehouse first = bigquery.open(dir.resolve("state"));
    queue(first, 1);
    first.flush();
    int requests = bigquery.fake.requests().size();

    // the same key again, as a redelivered event would bring it
    ChangeFile again = files.write("users/cdc-1", USERS_SCHEMA, change(Op.INSERT, 100L, 1L, "u1"));
    assertThat(first.load(again, files.localPath(again.key())).outcome().name())
        .isEqualTo("ALREADY_LOADED");
    first.close();
    BigQueryWarehouse second = bigquery.open(dir.resolve("state"));
    assertThat(second.isLoaded("users/cdc-1")).isTrue(); // from the ledger in BigQuery
    second.flush();

    assertThat(bigquery.fake.loadJobs()).hasSize(1);
    assertThat(bigquery.fake.requests().subList(requests, bigquery.fake.requests().size()))
        .noneMatch(r -> r.contains("/upload/"));
    assertThat(second.query("SELECT count(*) FROM `shop.users_history`").rows())
        .containsExactly(List.of(1L));
  }

  @Test
  void transientServerErrorsAreRetried() {
    BigQueryWarehouse warehouse = bigquery.open(dir.resolve("state"));
    queue(warehouse, 1);
    String api = "/bigquery/v2/projects/" + FakeBigQueryExtension.PROJECT;
    bigquery.fake.failOnce("GET", api + "/jobs/binlake_load_", 503);
    bigquery.fake.failOnce("POST", "/upload" + api + "/jobs", 500);
    bigquery.fake.failOnce("PUT", "/upload" + api + "/jobs", 503);
    bigquery.fake.failOnce("POST", api + "/jobs", 500);

    warehouse.flush();

    assertThat(bigquery.fake.requests())
        .anyMatch(
            r -> r.startsWith("GET ") && r.contains("/jobs/binlake_load_") && r.endsWith("503"))
        .anyMatch(r -> r.startsWith("POST /upload") && r.endsWith("500"))
        .anyMatch(r -> r.startsWith("PUT ") && r.endsWith("503"))
        .anyMatch(r -> r.startsWith("POST /bigquery") && r.endsWith("/jobs -> 500"));
    assertThat(bigquery.fake.loadJobs()).hasSize(1);
    assertThat(warehouse.query("SELECT count(*) FROM `shop.users_history`").rows())
        .containsExactly(List.of(1L));
  }

  @Test
  void aFileBigQueryRejectsIsIsolatedAndRefusedWhileTheOthersLoad() {
    bigquery.fake.rejectValue("name", "poison");
    BigQueryWarehouse warehouse = bigquery.open(dir.resolve("state"));
    queue(warehouse, 1);
    ChangeFile poison =
        files.write("users/cdc-2", USERS_SCHEMA, change(Op.INSERT, 200L, 2L, "poison"));
    warehouse.load(poison, files.localPath(poison.key()));
    queue(warehouse, 3);
    queue(warehouse, 4);

    assertThatThrownBy(warehouse::flush)
        .isInstanceOf(BinlakeException.class)
        .hasMessageStartingWith(
            "Cannot load users/cdc-2 into `binlake-test`.`shop`.`users_history`: BigQuery rejects"
                + " its data")
        .hasMessageContaining("value 'poison'")
        .extracting(e -> ((BinlakeException) e).code())
        .isEqualTo(ErrorCode.FILE_INVALID);
    warehouse.flush();

    assertThat(warehouse.query("SELECT id FROM `shop.users_history` ORDER BY id").rows())
        .containsExactly(List.of(1L), List.of(3L), List.of(4L));
    assertThat(warehouse.isLoaded("users/cdc-2")).isFalse();
    assertThatThrownBy(() -> warehouse.load(poison, files.localPath(poison.key())))
        .isInstanceOf(BinlakeException.class)
        .hasMessageStartingWith("Cannot load users/cdc-2 into")
        .extracting(e -> ((BinlakeException) e).code())
        .isEqualTo(ErrorCode.FILE_INVALID);
  }
}
