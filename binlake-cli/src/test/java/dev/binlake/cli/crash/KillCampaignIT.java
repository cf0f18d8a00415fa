package dev.binlake.cli.crash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.binlake.cli.Main;
import dev.binlake.cli.demo.TableComparison;
import dev.binlake.testing.ThrowawayMariaDb;
import dev.binlake.testing.junit.WithMariaDb;
import dev.binlake.warehouse.duckdb.DuckDbWarehouse;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DESIGN invariant 1 under attack: {@code binlake run} in a child JVM is killed with SIGKILL at
 * random moments (while starting, capturing, writing and storing files, checkpointing, loading)
 * while a workload with multi-statement transactions and primary-key updates runs on three tables,
 * and restarted each time. Afterwards every streamed change is in history exactly once — compared
 * with an audit table that source triggers fill, change by change — and every latest view equals
 * its source table. Kills: {@code -Dbinlake.kills=N} (default 20); seed: {@code -Dbinlake.seed}.
 */
@WithMariaDb
class KillCampaignIT {
  private static final int KILLS = Integer.getInteger("binlake.kills", 20);
  private static final long SEED = Long.getLong("binlake.seed", System.nanoTime());

  @TempDir Path dir;

  @Test
  void killNineAnywhereLosesNothingAndDoublesNothing(ThrowawayMariaDb server) throws Exception {
    System.out.printf("KillCampaignIT: %d kills, seed %d%n", KILLS, SEED);
    Random random = new Random(SEED);
    String db = server.createDatabase("crash");
    Path config = writeConfig(server, db);
    try (Connection workloadConnection = server.connect(db)) {
      AuditedWorkload.createSchema(workloadConnection);
      AuditedWorkload workload = new AuditedWorkload(workloadConnection, SEED);
      workload.seed(100);
      assertThat(runOnce(config)).isZero(); // the snapshot, undisturbed
      long snapshotFiles = countLoadFiles(dir.resolve("lake"));
      long baseline = maxAuditSeq(server, db);

      Thread writer = new Thread(workload, "workload");
      writer.start();
      int killedAfterFiles = 0;
      for (int kill = 1; kill <= KILLS; kill++) {
        long filesBefore = countFiles(dir.resolve("lake"));
        Path log = dir.resolve("run-" + kill + ".log");
        Process run = startRun(config, log);
        int phase = random.nextInt(5);
        if (phase > 0) {
          // After start-up: at a random moment of capture, storing and loading.
          await()
              .atMost(Duration.ofSeconds(120))
              .pollInterval(Duration.ofMillis(50))
              .until(() -> Files.readString(log).contains("Starting capture") || !run.isAlive());
        }
        if (phase > 2) {
          // Right around storing files: checkpoints, events and loads are in flight.
          await()
              .atMost(Duration.ofSeconds(120))
              .pollInterval(Duration.ofMillis(20))
              .until(() -> countFiles(dir.resolve("lake")) > filesBefore || !run.isAlive());
        }
        long delay = random.nextInt(phase > 2 ? 1_000 : 3_000);
        boolean exited = run.waitFor(delay, TimeUnit.MILLISECONDS); // the random kill moment
        assertThat(exited).as("run %d exited by itself: %s", kill, Files.readString(log)).isFalse();
        run.destroyForcibly(); // SIGKILL
        assertThat(run.waitFor(30, TimeUnit.SECONDS)).isTrue();
        if (countFiles(dir.resolve("lake")) > filesBefore) {
          killedAfterFiles++;
        }
      }
      workload.stop();
      writer.join(30_000);
      assertThat(workload.failure()).isNull();
      System.out.printf(
          "KillCampaignIT: %d transactions, %d runs stored files before the kill%n",
          workload.transactions(), killedAfterFiles);
      assertThat(killedAfterFiles)
          .as(
              "runs that got as far as storing files; last log: %s",
              Files.readString(dir.resolve("run-" + KILLS + ".log")))
          .isPositive();

      assertThat(runOnce(config)).isZero(); // final catch-up
      assertThat(countLoadFiles(dir.resolve("lake")))
          .as("snapshot files: a restart must resume streaming, not snapshot again")
          .isEqualTo(snapshotFiles);

      try (DuckDbWarehouse warehouse = DuckDbWarehouse.open(dir.resolve("lake.duckdb"))) {
        for (String table : AuditedWorkload.TABLES) {
          List<String> audited = audited(server, db, table, baseline);
          List<String> history =
              warehouse
                  .query(
                      "SELECT \"Op\" || ' ' || id FROM \""
                          + db
                          + "\"."
                          + table
                          + "_history"
                          + " WHERE substr(binlake_order, 23, 1) = '1' ORDER BY 1")
                  .rows()
                  .stream()
                  .map(r -> r.get(0).toString())
                  .toList();
          assertThat(history)
              .as(
                  "streamed changes of %s; missing %s; extra %s; dead letters %s",
                  table,
                  difference(audited, history),
                  difference(history, audited),
                  readIfExists(dir.resolve("state/dead-letters.jsonl")))
              .hasSize(audited.size())
              .containsExactlyElementsOf(audited);
          assertThat(
                  warehouse
                      .query(
                          "SELECT binlake_order FROM \""
                              + db
                              + "\"."
                              + table
                              + "_history GROUP BY 1 HAVING count(*) > 1")
                      .rows())
              .as("doubled keys")
              .isEmpty();
          try (Connection source = server.connect(db)) {
            TableComparison.Result result =
                TableComparison.compare(source, db, table, List.of("id"), warehouse::query);
            assertThat(result.differences()).as("view of %s", table).isEmpty();
          }
        }
      }
    }
  }

  /** The multiset difference a - b, sorted. */
  private static List<String> difference(List<String> a, List<String> b) {
    java.util.Map<String, Integer> counts = new java.util.HashMap<>();
    b.forEach(x -> counts.merge(x, 1, Integer::sum));
    List<String> rest = new ArrayList<>();
    for (String x : a) {
      if (counts.getOrDefault(x, 0) > 0) {
        counts.merge(x, -1, Integer::sum);
      } else {
        rest.add(x);
      }
    }
    return rest;
  }

  private static String readIfExists(Path file) throws Exception {
    return Files.exists(file) ? Files.readString(file) : "none";
  }

  private static List<String> audited(
      ThrowawayMariaDb server, String db, String table, long baseline) throws Exception {
    List<String> rows = new ArrayList<>();
    try (Connection connection = server.connect(db);
        Statement statement = connection.createStatement();
        ResultSet rs =
            statement.executeQuery(
                "SELECT op, id FROM audit_log WHERE seq > "
                    + baseline
                    + " AND tbl = '"
                    + table
                    + "'")) {
      while (rs.next()) {
        rows.add(rs.getString(1) + " " + rs.getLong(2));
      }
    }
    return rows.stream().sorted().toList();
  }

  private static long maxAuditSeq(ThrowawayMariaDb server, String db) throws Exception {
    try (Connection connection = server.connect(db);
        Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("SELECT COALESCE(MAX(seq), 0) FROM audit_log")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static Process startRun(Path config, Path log) throws Exception {
    return ChildRun.start(
        log, java.util.Map.of(), List.of("-Xmx512m"), "run", "--config", config.toString());
  }

  private static int runOnce(Path config) {
    StringWriter err = new StringWriter();
    int code =
        Main.execute(
            new PrintWriter(new StringWriter()),
            new PrintWriter(err),
            "run",
            "--config",
            config.toString(),
            "--once");
    assertThat(err.toString()).doesNotContain("binlake:");
    return code;
  }

  private static long countLoadFiles(Path folder) throws Exception {
    try (var files = Files.walk(folder)) {
      return files.filter(f -> f.getFileName().toString().startsWith("LOAD")).count();
    }
  }

  private static long countFiles(Path folder) throws Exception {
    if (!Files.exists(folder)) {
      return 0;
    }
    while (true) {
      try (var files = Files.walk(folder)) {
        return files.filter(f -> f.toString().endsWith(".parquet")).count();
      } catch (java.io.UncheckedIOException e) {
        // A temporary file was renamed while walking: the running binlake just stored a file.
      }
    }
  }

  private Path writeConfig(ThrowawayMariaDb server, String db) throws Exception {
    Path file = dir.resolve("binlake.yaml");
    Files.writeString(
        file,
        String.join(
            "\n",
            "source:",
            "  host: 127.0.0.1",
            "  port: " + server.port(),
            "  user: root",
            "  password: \"\"",
            "  server-id: 7301",
            "  include: [\"" + db + ".t_%\"]",
            "files:",
            "  max-batch-interval: 200ms",
            "  min-file-size: 16kB",
            ""));
    return file;
  }
}
