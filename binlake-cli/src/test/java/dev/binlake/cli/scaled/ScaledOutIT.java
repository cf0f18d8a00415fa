package dev.binlake.cli.scaled;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.binlake.api.Warehouse;
import dev.binlake.cli.Main;
import dev.binlake.cli.TestConfig;
import dev.binlake.cli.config.BinlakeConfig;
import dev.binlake.cli.crash.ChildRun;
import dev.binlake.cli.demo.TableComparison;
import dev.binlake.cli.run.Components;
import dev.binlake.testing.ThrowawayMariaDb;
import dev.binlake.testing.junit.WithMariaDb;
import dev.binlake.testing.s3.S3ProxyServer;
import dev.binlake.testing.warehouse.PostgresTestDatabase;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scaled-out deployment on this machine: `binlake capture` stores change files in S3 (S3Proxy)
 * and announces them on RabbitMQ; three `binlake load` processes share the queue and load into
 * PostgreSQL; one loader is killed with SIGKILL on the way, so the broker redelivers what it held.
 * Every change lands exactly once and the views equal the source.
 */
@WithMariaDb
class ScaledOutIT {
  @TempDir Path dir;

  @Test
  void threeLoadersOnOneQueueLoadEachFileOnce(ThrowawayMariaDb server) throws Exception {
    String db = server.createDatabase("scaled");
    server.executeIn(
        db,
        "CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(20))",
        "INSERT INTO t SELECT seq, CONCAT('v', seq) FROM seq_1_to_50");
    try (S3ProxyServer s3 = S3ProxyServer.inMemory("lake");
        PostgresTestDatabase postgres = PostgresTestDatabase.create(ScaledOutIT.class)) {
      Path config = writeConfig(server, db, s3, postgres);
      List<Process> loaders = new ArrayList<>();
      try {
        for (int i = 1; i <= 3; i++) {
          loaders.add(
              ChildRun.start(
                  dir.resolve("loader-" + i + ".log"),
                  Map.of(),
                  List.of(),
                  "load",
                  "--config",
                  config.toString()));
        }
        for (int i = 1; i <= 3; i++) {
          Path log = dir.resolve("loader-" + i + ".log");
          await()
              .atMost(Duration.ofSeconds(180))
              .untilAsserted(
                  () ->
                      assertThat(Files.readString(log))
                          .contains("Loading change files announced on RABBITMQ"));
        }
        assertThat(capture(config)).isZero(); // the snapshot
        for (int round = 0; round < 5; round++) {
          server.executeIn(
              db,
              "INSERT INTO t VALUES (" + (100 + round) + ", 'round " + round + "')",
              "UPDATE t SET v = CONCAT(v, '+') WHERE id % 5 = " + round,
              "DELETE FROM t WHERE id = " + (10 + round));
          if (round == 2) {
            loaders.get(0).destroyForcibly(); // SIGKILL: its unacknowledged events come back
          }
          assertThat(capture(config)).isZero();
        }
        BinlakeConfig binlake = BinlakeConfig.load(config, Map.of());
        await()
            .atMost(Duration.ofMinutes(3))
            .pollInterval(Duration.ofSeconds(1))
            .untilAsserted(() -> assertViewEqualsSource(server, db, binlake));
        try (Warehouse warehouse = Components.warehouse(binlake)) {
          assertThat(
                  warehouse
                      .query(
                          "SELECT binlake_order FROM \""
                              + db
                              + "\".t_history"
                              + " GROUP BY 1 HAVING count(*) > 1")
                      .rows())
              .as("doubled changes")
              .isEmpty();
          assertThat(
                  warehouse
                      .query("SELECT count(*) FROM \"" + db + "\".t_history")
                      .rows()
                      .get(0)
                      .get(0)
                      .toString())
              .isEqualTo(Long.toString(expectedChanges()));
        }
      } finally {
        loaders.forEach(Process::destroy);
        for (Process loader : loaders) {
          loader.waitFor(30, TimeUnit.SECONDS);
        }
      }
      long loadersThatLoaded = 0;
      for (int i = 1; i <= 3; i++) {
        if (Files.readString(dir.resolve("loader-" + i + ".log")).contains("Loaded ")) {
          loadersThatLoaded++;
        }
      }
      assertThat(loadersThatLoaded).as("loaders that loaded files").isGreaterThanOrEqualTo(2);
    }
  }

  /** 50 snapshot rows, then per round one insert, the updates of ids = round mod 5, a delete. */
  private static long expectedChanges() {
    java.util.Set<Integer> alive = new java.util.TreeSet<>();
    for (int id = 1; id <= 50; id++) {
      alive.add(id);
    }
    long changes = 50;
    for (int round = 0; round < 5; round++) {
      alive.add(100 + round);
      int r = round;
      changes += 1 + alive.stream().filter(id -> id % 5 == r).count() + 1;
      alive.remove(10 + round);
    }
    return changes;
  }

  private static void assertViewEqualsSource(
      ThrowawayMariaDb server, String db, BinlakeConfig binlake) throws Exception {
    try (Connection source = server.connect(db);
        Warehouse warehouse = Components.warehouse(binlake)) {
      TableComparison.Result result =
          TableComparison.compare(source, db, "t", List.of("id"), warehouse::query);
      assertThat(result.differences()).isEmpty();
    }
  }

  private static int capture(Path config) {
    StringWriter err = new StringWriter();
    int code =
        Main.execute(
            new PrintWriter(new StringWriter()),
            new PrintWriter(err),
            "capture",
            "--config",
            config.toString(),
            "--once");
    assertThat(err.toString()).doesNotContain("binlake:");
    return code;
  }

  private Path writeConfig(
      ThrowawayMariaDb server, String db, S3ProxyServer s3, PostgresTestDatabase postgres)
      throws Exception {
    Path file = dir.resolve("binlake.yaml");
    Files.writeString(
        file,
        TestConfig.yaml(
            server,
            7701,
            db + ".%",
            "storage:",
            "  uri: s3://" + s3.bucket() + "/cdc",
            "  s3:",
            "    endpoint: " + s3.endpoint(),
            "    region: " + s3.region(),
            "    path-style-access: true",
            "    access-key: " + s3.accessKey(),
            "    secret-key: " + s3.secretKey(),
            "files:",
            "  max-batch-interval: 200ms",
            "warehouse:",
            "  type: postgres",
            "  postgres:",
            "    url: " + postgres.jdbcUrl(),
            "    user: " + postgres.user(),
            "events:",
            "  type: rabbitmq",
            "  max-attempts: 5",
            "  rabbitmq:",
            "    queue: binlake-it-" + UUID.randomUUID()));
    return file;
  }
}
