package dev.binlake.cli.crash;

import static org.assertj.core.api.Assertions.assertThat;

import dev.binlake.capture.preflight.Preflight;
import dev.binlake.cli.Main;
import dev.binlake.cli.TestConfig;
import dev.binlake.cli.config.BinlakeConfig;
import dev.binlake.cli.demo.TableComparison;
import dev.binlake.cli.run.Pipeline;
import dev.binlake.cli.run.PipelineSettings;
import dev.binlake.testing.ThrowawayMariaDb;
import dev.binlake.warehouse.duckdb.DuckDbWarehouse;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The source misbehaves while binlake runs: a server restart mid-stream, binlog rotation, and a
 * binlog purged past the stored position. Each test has its own server (restarts and purges must
 * not disturb other tests).
 */
class SourceFaultsIT {
  @TempDir Path dir;
  private ThrowawayMariaDb server;

  @BeforeEach
  void startServer() {
    server = ThrowawayMariaDb.start();
    server.execute(
        "CREATE DATABASE src",
        "CREATE TABLE src.t (id INT PRIMARY KEY, v VARCHAR(20) NOT NULL)",
        "INSERT INTO src.t VALUES (1, 'before')");
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  @Test
  void survivesServerRestartAndBinlogRotationWithoutGap() throws Exception {
    BinlakeConfig config = BinlakeConfig.load(writeConfig(), Map.of());
    try (Pipeline pipeline = Pipeline.start(config)) {
      pipeline.catchUp(pipeline.startPosition(), Duration.ofMinutes(2)); // snapshot done
      server.execute("INSERT INTO src.t VALUES (2, 'streamed')");
      server.execute("FLUSH BINARY LOGS");
      server.execute(
          "INSERT INTO src.t VALUES (3, 'after rotation')",
          "UPDATE src.t SET v = 'updated' WHERE id = 1");
      server.restart(); // the capture connection drops; Debezium reconnects with backoff
      server.execute(
          "INSERT INTO src.t VALUES (4, 'after restart')", "DELETE FROM src.t WHERE id = 2");
      pipeline.catchUp(
          Preflight.currentBinlogEnd(PipelineSettings.source(config)), Duration.ofMinutes(3));
      List<String> history =
          pipeline
              .warehouse()
              .query("SELECT \"Op\" || ' ' || id FROM src.t_history ORDER BY binlake_order")
              .rows()
              .stream()
              .map(r -> r.get(0).toString())
              .toList();
      assertThat(history).containsExactly("I 1", "I 2", "I 3", "U 1", "I 4", "D 2");
      List<String> files =
          pipeline
              .warehouse()
              .query("SELECT DISTINCT substr(binlake_order, 1, 8) FROM src.t_history ORDER BY 1")
              .rows()
              .stream()
              .map(r -> r.get(0).toString())
              .toList();
      assertThat(files).as("binlog files the changes came from").hasSizeGreaterThan(1);
      try (Connection source = server.connect("src")) {
        assertThat(
                TableComparison.compare(
                        source, "src", "t", List.of("id"), pipeline.warehouse()::query)
                    .differences())
            .isEmpty();
      }
    }
  }

  @Test
  void refusesToResumeFromAPurgedBinlogWithAMessageNamingTheFix() throws Exception {
    Path config = writeConfig();
    assertThat(run(config).code()).isZero();
    server.execute(
        "INSERT INTO src.t VALUES (2, 'missed')",
        "FLUSH BINARY LOGS",
        "INSERT INTO src.t VALUES (3, 'missed too')",
        "DELETE FROM src.t WHERE id = 1",
        "FLUSH BINARY LOGS");
    String current = server.variable("log_bin_basename");
    assertThat(current).isNotBlank();
    try (Connection root = server.connect();
        var statement = root.createStatement();
        var rs = statement.executeQuery("SHOW MASTER STATUS")) {
      rs.next();
      statement.execute("PURGE BINARY LOGS TO '" + rs.getString(1) + "'");
    }
    Result result = run(config);
    assertThat(result.code()).isEqualTo(4);
    assertThat(result.err())
        .contains("was purged")
        .contains("set source.on-purged-binlog: snapshot, or delete the state folder");
    try (DuckDbWarehouse warehouse = DuckDbWarehouse.open(dir.resolve("lake.duckdb"))) {
      assertThat(
              warehouse.query("SELECT count(*) FROM src.t_history").rows().get(0).get(0).toString())
          .isEqualTo("1"); // nothing half-loaded, no silent gap
    }

    // Configured to re-snapshot: a TRUNCATE marker, then the rows as they are now. Row 1, deleted
    // while binlake could not read, leaves the view.
    Result resnapshot = run(writeConfig("  on-purged-binlog: snapshot"));
    assertThat(resnapshot.code()).as(resnapshot.err()).isZero();
    server.execute("INSERT INTO src.t VALUES (4, 'streamed after')");
    assertThat(run(config).code()).isZero(); // streaming resumes from the new snapshot
    try (DuckDbWarehouse warehouse = DuckDbWarehouse.open(dir.resolve("lake.duckdb"))) {
      assertThat(
              warehouse
                  .query("SELECT \"Op\", id, v FROM src.t_history ORDER BY binlake_order")
                  .rows()
                  .stream()
                  .map(Object::toString)
                  .toList())
          .containsExactly(
              "[I, 1, before]",
              "[T, null, null]",
              "[I, 2, missed]",
              "[I, 3, missed too]",
              "[I, 4, streamed after]");
      try (Connection source = server.connect("src")) {
        assertThat(
                TableComparison.compare(source, "src", "t", List.of("id"), warehouse::query)
                    .differences())
            .isEmpty();
      }
    }
    try (var files = Files.list(dir.resolve("state"))) {
      assertThat(files.map(f -> f.getFileName().toString()))
          .as("the old resume position is kept aside")
          .anyMatch(name -> name.startsWith("checkpoint.json.purged-"));
    }
  }

  private record Result(int code, String err) {}

  private static Result run(Path config) {
    StringWriter err = new StringWriter();
    int code =
        Main.execute(
            new PrintWriter(new StringWriter()),
            new PrintWriter(err),
            "run",
            "--config",
            config.toString(),
            "--once",
            "--timeout",
            "PT2M");
    return new Result(code, err.toString());
  }

  private Path writeConfig() throws Exception {
    return writeConfig("");
  }

  /** The test's config; {@code sourceLine} is one more line under {@code source:}. */
  private Path writeConfig(String sourceLine) throws Exception {
    Path file = dir.resolve("binlake.yaml");
    Files.writeString(
        file,
        TestConfig.yaml(
            server, 7401, "src.%", sourceLine, "files:", "  max-batch-interval: 200ms"));
    return file;
  }
}
