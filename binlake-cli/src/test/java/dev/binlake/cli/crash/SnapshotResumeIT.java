package dev.binlake.cli.crash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.binlake.cli.TestConfig;
import dev.binlake.testing.ThrowawayMariaDb;
import dev.binlake.testing.junit.WithMariaDb;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chunked snapshot of a 200,000-row table survives SIGKILL: {@code binlake run} in a child JVM
 * is killed twice while it reads the table in primary-key chunks and a live workload changes all
 * three tables. Each restart resumes the snapshot after the rows already stored (its log says so,
 * and no id is read twice); every streamed change is in history exactly once and every view equals
 * its source.
 */
@WithMariaDb
class SnapshotResumeIT {
  private static final int ROWS = 200_000;
  private static final Pattern RESUMED =
      Pattern.compile("Snapshot of \\S+\\.t_orders resumes after (\\d+) rows");

  @TempDir Path dir;

  private final List<Process> children = new java.util.ArrayList<>();

  @org.junit.jupiter.api.AfterEach
  void killChildren() {
    children.forEach(Process::destroyForcibly);
  }

  @Test
  void killedSnapshotResumesWhereItStopped(ThrowawayMariaDb server) throws Exception {
    String db = server.createDatabase("snapresume");
    Path config = writeConfig(server, db);
    Path lake = dir.resolve("lake");
    Path orders = lake.resolve(db).resolve("t_orders");
    try (Connection connection = server.connect(db)) {
      AuditedWorkload.createSchema(connection);
      AuditedWorkload workload = new AuditedWorkload(connection, 42);
      workload.bulkSeed("t_orders", ROWS);
      workload.bulkSeed("t_items", 3_000);
      long baseline = HistoryChecks.maxAuditSeq(server, db);
      Thread writer = new Thread(workload, "workload");

      // Run 1: killed once some snapshot files of t_orders are stored.
      Path logs = dir;
      Path log1 = logs.resolve("run-1.log");
      Process run = startRun(config, log1);
      await()
          .atMost(Duration.ofMinutes(3))
          .pollInterval(Duration.ofMillis(100))
          .until(
              () -> Files.readString(log1).contains("Chunked snapshot starts") || !run.isAlive());
      writer.start(); // streaming runs: every change from here on must reach history
      await()
          .atMost(Duration.ofMinutes(3))
          .pollInterval(Duration.ofMillis(20))
          .until(() -> HistoryChecks.countFiles(orders, "LOAD") >= 3 || !run.isAlive());
      kill(run, log1);

      // Run 2: must resume after what run 1 stored; killed again mid-snapshot.
      Path log2 = logs.resolve("run-2.log");
      Process run2 = startRun(config, log2);
      await()
          .atMost(Duration.ofMinutes(3))
          .pollInterval(Duration.ofMillis(50))
          .until(() -> RESUMED.matcher(Files.readString(log2)).find() || !run2.isAlive());
      Matcher resumed = RESUMED.matcher(Files.readString(log2));
      assertThat(resumed.find()).as("run 2 log: %s", Files.readString(log2)).isTrue();
      long resumedAfter = Long.parseLong(resumed.group(1));
      assertThat(resumedAfter).isPositive().isLessThan(ROWS);
      long loadFiles = HistoryChecks.countFiles(orders, "LOAD");
      await()
          .atMost(Duration.ofMinutes(3))
          .pollInterval(Duration.ofMillis(20))
          .until(() -> HistoryChecks.countFiles(orders, "LOAD") > loadFiles || !run2.isAlive());
      kill(run2, log2);

      workload.stop();
      writer.join(30_000);
      assertThat(workload.failure()).isNull();

      // Run 3: replicate everything, the rest of the snapshot included, and stop.
      Path log3 = logs.resolve("run-3.log");
      Process run3 = startRun(config, log3, "--once");
      assertThat(run3.waitFor(10, TimeUnit.MINUTES)).as("run --once finished").isTrue();
      assertThat(run3.exitValue()).as(Files.readString(log3)).isZero();

      HistoryChecks.assertExactlyOnce(server, db, baseline, lake, dir.resolve("state"));
      long snapshotRows = HistoryChecks.snapshotRows(lake, db, "t_orders");
      System.out.printf(
          "SnapshotResumeIT: run 2 resumed after %d rows; %d snapshot rows of t_orders; %d"
              + " transactions during the snapshot%n",
          resumedAfter, snapshotRows, workload.transactions());
      // Rows deleted during the snapshot are never read, rows inserted may be; none twice (above).
      long changes = workload.transactions() * 4L;
      assertThat(snapshotRows).isBetween(ROWS - changes, ROWS + changes);
    }
  }

  private static void kill(Process run, Path log) throws Exception {
    assertThat(run.isAlive()).as("run exited by itself: %s", Files.readString(log)).isTrue();
    run.destroyForcibly(); // SIGKILL
    assertThat(run.waitFor(30, TimeUnit.SECONDS)).isTrue();
  }

  private Process startRun(Path config, Path log, String... more) throws Exception {
    List<String> args = new java.util.ArrayList<>(List.of("run", "--config", config.toString()));
    args.addAll(List.of(more));
    Process child =
        ChildRun.start(
            log,
            Map.of(),
            List.of("-Xmx512m", "-Dbinlake.snapshot.chunk-rows=4000"),
            args.toArray(String[]::new));
    children.add(child);
    return child;
  }

  private Path writeConfig(ThrowawayMariaDb server, String db) throws Exception {
    Path file = dir.resolve("binlake.yaml");
    Files.writeString(
        file,
        TestConfig.yaml(
            server,
            7311,
            db + ".t_%",
            "files:",
            "  max-batch-interval: 300ms",
            "  min-file-size: 128kB"));
    return file;
  }
}
