package dev.binlake.cli.crash;

import static org.assertj.core.api.Assertions.assertThat;

import dev.binlake.cli.TestConfig;
import dev.binlake.testing.ThrowawayMariaDb;
import dev.binlake.testing.junit.WithMariaDb;
import dev.binlake.warehouse.duckdb.DuckDbWarehouse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One transaction of a million rows, captured by a JVM limited to 512 MB of heap. */
@WithMariaDb
class BigTransactionIT {
  private static final int ROWS = Integer.getInteger("binlake.big-transaction-rows", 1_000_000);

  @TempDir Path dir;

  @Test
  void millionRowTransactionFitsIn512MegabytesOfHeap(ThrowawayMariaDb server) throws Exception {
    String db = server.createDatabase("big");
    server.executeIn(
        db,
        "CREATE TABLE t (id INT PRIMARY KEY, a BIGINT, b VARCHAR(40),"
            + " c DECIMAL(12,2), d DATETIME(6))");
    Path config = dir.resolve("binlake.yaml");
    Files.writeString(
        config, TestConfig.yaml(server, 7501, db + ".%", "files:", "  max-batch-interval: 5s"));
    Path log = dir.resolve("once.log");
    assertThat(
            ChildRun.start(log, Map.of(), List.of(), "run", "--config", config.toString(), "--once")
                .waitFor(3, TimeUnit.MINUTES))
        .isTrue(); // empty table: snapshot only
    server.executeIn(
        db,
        "INSERT INTO t SELECT seq, seq * 1000, CONCAT('row ', seq),"
            + " seq / 100, '2024-01-01 00:00:00' + INTERVAL seq SECOND FROM seq_1_to_"
            + ROWS);

    Process run =
        ChildRun.start(
            log,
            Map.of(),
            List.of("-Xmx512m", "-XX:+ExitOnOutOfMemoryError"),
            "run",
            "--config",
            config.toString(),
            "--once");
    assertThat(run.waitFor(10, TimeUnit.MINUTES)).as("finished").isTrue();
    assertThat(run.exitValue()).as(Files.readString(log)).isZero();
    try (DuckDbWarehouse warehouse = DuckDbWarehouse.open(dir.resolve("lake.duckdb"))) {
      assertThat(
              warehouse
                  .query(
                      "SELECT count(*), count(DISTINCT binlake_order), sum(a) FROM \""
                          + db
                          + "\".t_history")
                  .rows()
                  .get(0))
          .extracting(Object::toString)
          .containsExactly(
              Integer.toString(ROWS),
              Integer.toString(ROWS),
              Long.toString(1000L * ROWS * (ROWS + 1L) / 2));
      assertThat(
              warehouse
                  .query("SELECT count(*) FROM \"" + db + "\".t")
                  .rows()
                  .get(0)
                  .get(0)
                  .toString())
          .isEqualTo(Integer.toString(ROWS));
    }
  }
}
