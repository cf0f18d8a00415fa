package dev.binlake.cli.badinput;

import static org.assertj.core.api.Assertions.assertThat;

import dev.binlake.cli.CliOutput;
import dev.binlake.cli.TestConfig;
import dev.binlake.testing.ThrowawayMariaDb;
import dev.binlake.warehouse.duckdb.DuckDbWarehouse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DDL that Debezium's parser rejects (MariaDB's INET6 type) stops capture with exit 7, the
 * statement, where it is and what to do; no change after it is stored; after the fix ({@code
 * source.skip-unparseable-ddl: true}) capture goes on with every change exactly once. Runs its own
 * server: an INET6 table on a shared server would stop every other test's snapshot (Debezium reads
 * the definition of every table on the server, also of tables not captured).
 */
class UnparseableDdlIT {
  @TempDir Path dir;

  @Test
  void stopsShowingTheStatementThenGoesOnAfterTheFix() throws Exception {
    try (ThrowawayMariaDb server = ThrowawayMariaDb.start()) {
      String db = server.createDatabase("ddl");
      server.executeIn(
          db,
          "CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(10))",
          "INSERT INTO t VALUES (1, 'a')");
      Path config = config(dir.resolve("a"), server, db);
      CliOutput first = CliOutput.run("run", "--config", config.toString(), "--once");
      assertThat(first.code()).as(first.err()).isZero();

      // 1. A statement in the binlog: capture stops at it, showing its position.
      server.executeIn(
          db,
          "INSERT INTO t VALUES (2, 'b')",
          "CREATE TABLE addresses (id INT PRIMARY KEY, ip INET6)",
          "INSERT INTO addresses VALUES (1, '::1')",
          "INSERT INTO t VALUES (3, 'c')");
      CliOutput stopped = CliOutput.run("run", "--config", config.toString(), "--once");
      assertThat(stopped.err())
          .containsPattern(
              "at mariadb-bin\\.\\d+:\\d+: CREATE TABLE addresses \\(id INT PRIMARY KEY, ip"
                  + " INET6\\) \\(Debezium's parser: no viable alternative at input")
          .contains("Capture stopped there; no change after the last stored file was written")
          .contains("set source.skip-unparseable-ddl: true and run again");
      assertThat(stopped.code()).isEqualTo(7);
      assertThat(stopped.err()).startsWith("binlake: ").doesNotContain("\tat ");
      // Row 2 precedes the statement and may have been stored; nothing after it was.
      assertThat(history(dir.resolve("a"), db))
          .isSubsetOf("[I, 1, a]", "[I, 2, b]")
          .contains("[I, 1, a]");
      assertThat(changeFiles(dir.resolve("a"))).noneMatch(f -> f.contains("addresses"));

      CliOutput fixed = CliOutput.run("run", "--config", skipping(config), "--once");
      assertThat(fixed.code()).as(fixed.err()).isZero();
      assertThat(history(dir.resolve("a"), db))
          .containsExactly("[I, 1, a]", "[I, 2, b]", "[I, 3, c]");

      // 2. A new snapshot reads every table's definition, also of tables not captured.
      Path fresh = config(dir.resolve("b"), server, db);
      CliOutput snapshot = CliOutput.run("run", "--config", fresh.toString(), "--once");
      assertThat(snapshot.err())
          .contains("while reading the definitions of the server's tables for the snapshot")
          .containsPattern("(?s)CREATE TABLE `addresses` \\(.*`ip` inet6")
          .contains("set source.skip-unparseable-ddl: true and run again");
      assertThat(snapshot.code()).isEqualTo(7);
      assertThat(changeFiles(dir.resolve("b"))).isEmpty();
      CliOutput skipped = CliOutput.run("run", "--config", skipping(fresh), "--once");
      assertThat(skipped.code()).as(skipped.err()).isZero();
      assertThat(history(dir.resolve("b"), db))
          .containsExactly("[I, 1, a]", "[I, 2, b]", "[I, 3, c]");
    }
  }

  private static Path config(Path folder, ThrowawayMariaDb server, String db) throws Exception {
    Files.createDirectories(folder);
    Path config = folder.resolve("binlake.yaml");
    Files.writeString(
        config,
        TestConfig.yaml(
            server,
            7831,
            db + ".t",
            "files:",
            "  max-batch-interval: 200ms",
            "warehouse:",
            "  path: ./lake.duckdb"));
    return config;
  }

  private static String skipping(Path config) throws Exception {
    Files.writeString(
        config,
        Files.readString(config).replace("  host:", "  skip-unparseable-ddl: true\n  host:"));
    return config.toString();
  }

  private static List<String> changeFiles(Path folder) throws Exception {
    if (!Files.isDirectory(folder.resolve("lake"))) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(folder.resolve("lake"))) {
      return files.filter(Files::isRegularFile).map(Path::toString).toList();
    }
  }

  private static List<String> history(Path folder, String db) {
    try (DuckDbWarehouse warehouse = DuckDbWarehouse.open(folder.resolve("lake.duckdb"))) {
      return warehouse
          .query("SELECT Op, id, v FROM \"" + db + "\".t_history ORDER BY binlake_order")
          .rows()
          .stream()
          .map(Object::toString)
          .toList();
    }
  }
}
