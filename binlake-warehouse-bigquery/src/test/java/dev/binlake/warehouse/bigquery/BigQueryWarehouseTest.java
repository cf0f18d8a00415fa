package dev.binlake.warehouse.bigquery;

import static dev.binlake.api.ColumnType.Kind.INT64;
import static dev.binlake.api.ColumnType.Kind.STRING;
import static dev.binlake.testing.warehouse.ChangeFileFixture.change;
import static dev.binlake.testing.warehouse.ChangeFileFixture.column;
import static dev.binlake.testing.warehouse.ChangeFileFixture.schema;
import static org.assertj.core.api.Assertions.assertThat;

import dev.binlake.api.ChangeFile;
import dev.binlake.api.LoadResult;
import dev.binlake.api.Op;
import dev.binlake.api.OrderKey;
import dev.binlake.api.QueryResult;
import dev.binlake.api.TableId;
import dev.binlake.api.TableSchema;
import dev.binlake.testing.warehouse.ChangeFileFixture;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BigQueryWarehouseTest {
  private static final TableId USERS = new TableId("shop", "users");
  private static final TableSchema NARROW =
      schema(USERS, List.of("id"), column("id", INT64), column("name", STRING));
  private static final TableSchema WIDE =
      schema(
          USERS,
          List.of("id"),
          column("id", INT64),
          column("name", STRING),
          column("email", STRING));

  @TempDir Path dir;
  private FakeBigQueryExtension bigquery;
  private ChangeFileFixture files;
  private BigQueryWarehouse warehouse;

  @BeforeEach
  void start() throws Exception {
    bigquery = new FakeBigQueryExtension(Duration.ofSeconds(1));
    files = new ChangeFileFixture(dir.resolve("files"));
    java.nio.file.Files.createDirectories(dir.resolve("files"));
    warehouse = bigquery.open(dir.resolve("state"));
  }

  @AfterEach
  void stop() throws Exception {
    bigquery.close();
  }

  private LoadResult load(ChangeFile file) {
    return warehouse.load(file, files.localPath(file.key()));
  }

  private List<List<Object>> rows(String sql) {
    return warehouse.query(sql).rows();
  }

  @Test
  void historyHasEveryChangeAndViewShowsLatestRows() {
    LoadResult first =
        load(
            files.write(
                "shop/users/LOAD00000001.parquet",
                NARROW,
                change(Op.INSERT, OrderKey.snapshot(1, 50, 0), 1L, "ann"),
                change(Op.INSERT, OrderKey.snapshot(1, 50, 1), 2L, "bob"),
                change(Op.INSERT, OrderKey.snapshot(1, 50, 2), 3L, "cy")));
    load(
        files.write(
            "shop/users/cdc-1",
            NARROW,
            change(Op.UPDATE, 400, 2L, "bobby"),
            change(Op.DELETE, 500, 3L, "cy"),
            change(Op.INSERT, 600, 4L, "dee"),
            // a primary-key update: delete + insert at one position
            change(Op.DELETE, OrderKey.streamed(1, 700, 0, 0), 1L, "ann"),
            change(Op.INSERT, OrderKey.streamed(1, 700, 0, 1), 10L, "ann"),
            // one transaction changing one row three times
            change(Op.UPDATE, OrderKey.streamed(1, 800, 0, 0), 4L, "d1"),
            change(Op.UPDATE, OrderKey.streamed(1, 800, 1, 0), 4L, "d2"),
            change(Op.UPDATE, OrderKey.streamed(1, 800, 2, 0), 4L, "d3")));
    assertThat(first.outcome()).isEqualTo(LoadResult.Outcome.QUEUED);
    assertThat(first.rows()).isEqualTo(3);

    warehouse.flush();

    assertThat(rows("SELECT Op, id, name FROM `shop.users_history` ORDER BY binlake_order"))
        .containsExactly(
            List.of("I", 1L, "ann"),
            List.of("I", 2L, "bob"),
            List.of("I", 3L, "cy"),
            List.of("U", 2L, "bobby"),
            List.of("D", 3L, "cy"),
            List.of("I", 4L, "dee"),
            List.of("D", 1L, "ann"),
            List.of("I", 10L, "ann"),
            List.of("U", 4L, "d1"),
            List.of("U", 4L, "d2"),
            List.of("U", 4L, "d3"));
    QueryResult latest = warehouse.query("SELECT * FROM `shop.users` ORDER BY id");
    assertThat(latest.columns()).containsExactly("id", "name");
    assertThat(latest.rows())
        .containsExactly(List.of(2L, "bobby"), List.of(4L, "d3"), List.of(10L, "ann"));
    assertThat(bigquery.fake.loadJobs()).hasSize(1);
    assertThat(warehouse.isLoaded("shop/users/cdc-1")).isTrue();
    assertThat(warehouse.isLoaded("shop/users/cdc-2")).isFalse();
  }

  @Test
  void addedColumnIsNullInOldRowsAndShownByTheView() {
    load(files.write("shop/users/cdc-1", NARROW, change(Op.INSERT, 100, 1L, "ann")));
    warehouse.flush();
    load(files.write("shop/users/cdc-2", WIDE, change(Op.INSERT, 200, 2L, "bob", "bob@x")));
    warehouse.flush();

    assertThat(rows("SELECT id, email FROM `shop.users_history` ORDER BY binlake_order"))
        .containsExactly(Arrays.asList(1L, null), List.of(2L, "bob@x"));
    QueryResult latest = warehouse.query("SELECT * FROM `shop.users` ORDER BY id");
    assertThat(latest.columns()).containsExactly("id", "name", "email");
    assertThat(latest.rows())
        .containsExactly(Arrays.asList(1L, "ann", null), List.of(2L, "bob", "bob@x"));
    assertThat(bigquery.fake.loadJobs()).hasSize(2);
  }
}
