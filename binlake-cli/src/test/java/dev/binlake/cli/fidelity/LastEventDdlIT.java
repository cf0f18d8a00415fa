package dev.binlake.cli.fidelity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.binlake.capture.BinlogPosition;
import dev.binlake.capture.offset.CheckpointStore;
import dev.binlake.cli.CliOutput;
import dev.binlake.cli.config.BinlakeConfig;
import dev.binlake.cli.run.Pipeline;
import dev.binlake.testing.ThrowawayMariaDb;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code run --once} finishes when the source's last binlog event is DDL (or a transaction of
 * tables the filter leaves out), with the checkpoint at or after the binlog end it started from; a
 * second {@code run --once} adds nothing. A running {@code binlake run} reaches the end as well:
 * {@code status} shows no lag.
 */
class LastEventDdlIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(
      strings = {
        "DROP TABLE t2",
        "ALTER TABLE t1 ADD COLUMN extra INT",
        "CREATE TABLE t3 (id INT PRIMARY KEY)",
        "ALTER TABLE excl ADD COLUMN extra INT",
        "INSERT INTO excl VALUES (3)"
      })
  void runOnceFinishesWhenTheLastEventIsDdl(String last) throws Exception {
    ThrowawayMariaDb server = FidelityServer.get();
    String db = server.createDatabase("last");
    Lake lake = prepared(server, db);
    runOnce(lake);
    server.executeIn(
        db,
        "INSERT INTO t1 VALUES (2, 'b')",
        "UPDATE t1 SET v = 'c' WHERE id = 1",
        "INSERT INTO t2 VALUES (2)");
    BinlogPosition beforeLast = binlogEnd(server);
    server.executeIn(db, last);
    BinlogPosition end = binlogEnd(server);
    assertThat(end).isGreaterThan(beforeLast);

    runOnce(lake);

    // Debezium's offset after a trailing DDL is the DDL transaction's start (see Capture).
    assertThat(checkpointPosition()).isGreaterThanOrEqualTo(beforeLast);
    String history = "SELECT \"Op\", id, v FROM \"" + db + "\".t1_history ORDER BY binlake_order";
    assertThat(lake.lines(history)).containsExactly("I | 1 | a", "I | 2 | b", "U | 1 | c");
    String t2 = "SELECT count(*) FROM \"" + db + "\".t2_history";
    long t2Rows = Long.parseLong(lake.lines(t2).get(0));
    assertThat(t2Rows).isEqualTo(last.startsWith("DROP") ? 3 : 2);

    runOnce(lake);
    assertThat(lake.lines(history)).hasSize(3);
    assertThat(lake.lines(t2)).containsExactly(Long.toString(t2Rows));
    assertThat(checkpointPosition()).isGreaterThanOrEqualTo(beforeLast);
  }

  @Test
  void runningCaptureReachesTheEndAfterDdl() throws Exception {
    ThrowawayMariaDb server = FidelityServer.get();
    String db = server.createDatabase("lastrun");
    Lake lake = prepared(server, db);
    BinlakeConfig config = BinlakeConfig.load(lake.config(), Map.of());
    Pipeline pipeline = Pipeline.start(config, Pipeline.Role.CAPTURE);
    try {
      await()
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofMillis(250))
          .until(
              () ->
                  checkpoint()
                      .resumeOffset()
                      .filter(o -> !o.json().contains("snapshot"))
                      .isPresent());
      server.executeIn(db, "INSERT INTO t1 VALUES (2, 'b')");
      BinlogPosition beforeLast = binlogEnd(server);
      server.executeIn(db, "DROP TABLE t2");
      BinlogPosition end = binlogEnd(server);
      // The checkpoint covers the insert; Debezium's offset after the DROP is its transaction's
      // start, so it stays there until the next transaction (status reports that honestly).
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(250))
          .untilAsserted(() -> assertThat(checkpointPosition()).isGreaterThanOrEqualTo(beforeLast));
      CliOutput status = lake.cli("status", "--config", lake.config().toString(), "--json");
      assertThat(status.code()).as(status.err()).isZero();
      var root = JSON.readTree(status.out());
      assertThat(root.path("position").asText()).isEqualTo(checkpointPosition().toString());
      assertThat(root.path("sourcePosition").asText()).isEqualTo(end.toString());
    } finally {
      pipeline.close();
    }
  }

  private Lake prepared(ThrowawayMariaDb server, String db) throws Exception {
    server.executeIn(
        db,
        "CREATE TABLE t1 (id INT PRIMARY KEY, v VARCHAR(10))",
        "CREATE TABLE t2 (id INT PRIMARY KEY)",
        "CREATE TABLE excl (id INT PRIMARY KEY)",
        "INSERT INTO t1 VALUES (1, 'a')",
        "INSERT INTO t2 VALUES (1)",
        "INSERT INTO excl VALUES (1)");
    return Lake.create(server, db, db + ".t%", dir);
  }

  /** {@code run --once} with a timeout far below the default: a hang fails the test. */
  private static void runOnce(Lake lake) {
    CliOutput output =
        lake.cli("run", "--config", lake.config().toString(), "--once", "--timeout", "PT2M");
    assertThat(output.code()).as("run --once: %s", output.err()).isZero();
  }

  private dev.binlake.capture.offset.Checkpoint checkpoint() {
    return new CheckpointStore(dir.resolve("state")).read();
  }

  private BinlogPosition checkpointPosition() {
    return BinlogPosition.of(checkpoint().resumeOffset().orElseThrow());
  }

  private static BinlogPosition binlogEnd(ThrowawayMariaDb server) throws SQLException {
    try (Connection connection = server.connect();
        Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("SHOW MASTER STATUS")) {
      rs.next();
      return new BinlogPosition(rs.getString(1), rs.getLong(2));
    }
  }
}
