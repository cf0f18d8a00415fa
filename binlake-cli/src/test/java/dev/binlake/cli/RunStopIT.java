package dev.binlake.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.binlake.api.QueryResult;
import dev.binlake.cli.crash.ChildRun;
import dev.binlake.testing.ThrowawayMariaDb;
import dev.binlake.testing.junit.WithMariaDb;
import dev.binlake.warehouse.duckdb.DuckDbWarehouse;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code binlake run} in a child JVM: it replicates continuously, answers queries while it holds
 * the DuckDB file, and on SIGTERM stores and loads the changes still buffered before it exits.
 */
@WithMariaDb
class RunStopIT {
  @TempDir Path dir;

  @Test
  void sigtermStoresAndLoadsBufferedChangesBeforeExit(ThrowawayMariaDb server) throws Exception {
    String db = server.createDatabase("stop");
    server.executeIn(
        db,
        "CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(10))",
        "INSERT INTO t VALUES (1, 'snap')");
    Path config = dir.resolve("binlake.yaml");
    Files.writeString(
        config,
        TestConfig.yaml(
            server,
            7101,
            db + ".%",
            "files:",
            "  max-batch-interval: 1h")); // changes stay buffered until the stop
    Path log = dir.resolve("run.log");
    Process run = ChildRun.start(log, Map.of(), List.of(), "run", "--config", config.toString());
    try {
      // The snapshot file is stored at the end of the table's snapshot; query goes through `run`.
      await()
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofMillis(500))
          .failFast("binlake run exited early; see " + log, () -> !run.isAlive())
          .untilAsserted(
              () ->
                  assertThat(query(config, "SELECT count(*) FROM \"" + db + "\".t"))
                      .isEqualTo("count_star()\n1\n"));
      server.executeIn(
          db, "INSERT INTO t VALUES (2, 'buffered')", "UPDATE t SET v = 'changed' WHERE id = 1");
      // Captured (snapshot row + two changes) but still buffered: nothing stored since the
      // snapshot.
      await()
          .atMost(Duration.ofSeconds(30))
          .failFast("binlake run exited early; see " + log, () -> !run.isAlive())
          .untilAsserted(
              () ->
                  assertThat(status(config))
                      .contains("\"changesCaptured\" : 3")
                      .contains("\"filesStored\" : 1"));
    } catch (AssertionError | RuntimeException e) {
      throw new AssertionError(e.getMessage() + "\nbinlake run's output:\n" + tail(log), e);
    } finally {
      run.destroy(); // SIGTERM
      assertThat(run.waitFor(90, TimeUnit.SECONDS)).as("run stops within 90 s").isTrue();
    }
    assertThat(run.exitValue()).as(Files.readString(log)).isIn(0, 143);
    try (DuckDbWarehouse warehouse = DuckDbWarehouse.open(dir.resolve("lake.duckdb"))) {
      QueryResult rows = warehouse.query("SELECT id, v FROM \"" + db + "\".t ORDER BY id");
      assertThat(rows.rows())
          .extracting(r -> r.get(0) + "=" + r.get(1))
          .containsExactly("1=changed", "2=buffered");
    }
  }

  private static String tail(Path log) throws java.io.IOException {
    List<String> lines = Files.readAllLines(log);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 80), lines.size()));
  }

  private static String status(Path config) {
    StringWriter out = new StringWriter();
    Main.execute(
        new PrintWriter(out),
        new PrintWriter(new StringWriter()),
        "status",
        "--config",
        config.toString(),
        "--json");
    return out.toString();
  }

  private static String query(Path config, String sql) {
    StringWriter out = new StringWriter();
    Main.execute(
        new PrintWriter(out),
        new PrintWriter(new StringWriter()),
        List.of("query", "--config", config.toString(), "--csv", sql).toArray(String[]::new));
    return out.toString();
  }
}
