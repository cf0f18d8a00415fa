package dev.binlake.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.binlake.api.QueryResult;
import dev.binlake.api.Warehouse;
import dev.binlake.cli.config.BinlakeConfig;
import dev.binlake.cli.demo.TableComparison;
import dev.binlake.cli.run.Components;
import dev.binlake.cli.run.Pipeline;
import dev.binlake.testing.ThrowawayMariaDb;
import dev.binlake.testing.junit.WithMariaDb;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The whole pipeline against a throwaway MariaDB: snapshot, then DML, a transaction that updates
 * one row several times, a primary-key update and ADD COLUMN, replicated with {@code run --once}
 * (each run a stop and restart). The latest view must equal the source value by value, and history
 * must hold exactly one row per change, in commit order.
 */
@WithMariaDb
class PipelineIT {
  @TempDir Path dir;

  private static final TestWarehouses WAREHOUSES = new TestWarehouses(PipelineIT.class);

  @AfterAll
  static void stopWarehouses() {
    WAREHOUSES.close();
  }

  private String warehouseType = "duckdb";

  @ParameterizedTest(name = "into {0}")
  @ValueSource(strings = {"duckdb", "postgres", "bigquery"})
  void replicatesSnapshotAndChangesExactlyOnce(String type, ThrowawayMariaDb server)
      throws Exception {
    warehouseType = type;
    String db = server.createDatabase("pipe");
    server.executeIn(
        db,
        "CREATE TABLE items (id INT PRIMARY KEY, name VARCHAR(50) NOT NULL, qty INT,"
            + " price DECIMAL(10,2), seen DATETIME(6), at TIMESTAMP(3) NULL)",
        "INSERT INTO items VALUES (1, 'apple', 10, 1.50, '2024-01-02 03:04:05.123456',"
            + " '2024-01-02 03:04:05.678'), (2, 'pear', 5, 2.25, NULL, NULL),"
            + " (3, 'plum 🍑', 7, 0.99, '1999-12-31 23:59:59', NULL)");
    Path config = writeConfig(server, db);

    assertThat(run("run", "--config", config.toString(), "--once")).isZero();
    assertThat(history(config, db)).containsExactly("I 1", "I 2", "I 3");

    server.executeIn(
        db,
        "INSERT INTO items VALUES (4, 'fig', 1, 3.00, NOW(6), NOW(3))",
        "UPDATE items SET qty = 11 WHERE id = 1",
        "DELETE FROM items WHERE id = 2",
        "BEGIN",
        "UPDATE items SET qty = qty + 1 WHERE id = 3",
        "UPDATE items SET qty = qty + 1 WHERE id = 3",
        "UPDATE items SET name = 'plum!' WHERE id = 3",
        "COMMIT",
        "UPDATE items SET id = 40 WHERE id = 4",
        "ALTER TABLE items ADD COLUMN note VARCHAR(20) NULL",
        "INSERT INTO items VALUES (5, 'kiwi', 2, 0.10, NULL, NULL, 'after alter')",
        "UPDATE items SET note = 'old row' WHERE id = 1");
    assertThat(run("run", "--config", config.toString(), "--once")).isZero();

    assertThat(history(config, db))
        .containsExactly(
            "I 1", "I 2", "I 3", // snapshot
            "I 4", "U 1", "D 2", "U 3", "U 3", "U 3", // one transaction, one row, three changes
            "D 4", "I 40", // primary-key update
            "I 5", "U 1");
    assertViewEqualsSource(server, config, db, "items");
    try (Warehouse warehouse = warehouse(config)) {
      QueryResult ids = warehouse.query("SELECT id, note FROM " + q(db) + ".items ORDER BY id");
      assertThat(ids.rows())
          .extracting(r -> r.get(0).toString())
          .containsExactly("1", "3", "5", "40");
    }

    // Unchanged source: a second run adds nothing.
    long files = countFiles(dir.resolve("lake"));
    assertThat(run("run", "--config", config.toString(), "--once")).isZero();
    assertThat(history(config, db)).hasSize(13);
    assertThat(countFiles(dir.resolve("lake"))).isEqualTo(files);
  }

  @org.junit.jupiter.api.Test
  void queryAndStatusWorkWhileRunHoldsTheWarehouse(ThrowawayMariaDb server) throws Exception {
    String db = server.createDatabase("live");
    server.executeIn(
        db,
        "CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(10))",
        "INSERT INTO t VALUES (1, 'a'), (2, 'b')");
    Path config = writeConfig(server, db);
    BinlakeConfig binlake = BinlakeConfig.load(config, Map.of());
    try (Pipeline pipeline = Pipeline.start(binlake)) {
      pipeline.catchUp(pipeline.startPosition(), java.time.Duration.ofMinutes(2));
      StringWriter out = new StringWriter();
      int code =
          Main.execute(
              new PrintWriter(out),
              new PrintWriter(new StringWriter()),
              "query",
              "--config",
              config.toString(),
              "--csv",
              "SELECT id, v FROM \"" + db + "\".t ORDER BY id");
      assertThat(code).isZero();
      assertThat(out.toString()).isEqualTo("id,v\n1,a\n2,b\n");

      StringWriter status = new StringWriter();
      assertThat(
              Main.execute(
                  new PrintWriter(status),
                  new PrintWriter(new StringWriter()),
                  "status",
                  "--config",
                  config.toString(),
                  "--json"))
          .isZero();
      assertThat(status.toString())
          .contains("\"table\" : \"" + db + ".t\"")
          .contains("\"historyRows\" : 2")
          .contains("\"lagSeconds\" : 0")
          .contains("\"deadLetters\" : 0");
    }
  }

  private void assertViewEqualsSource(ThrowawayMariaDb server, Path config, String db, String table)
      throws Exception {
    try (Connection source = server.connect(db);
        Warehouse warehouse = warehouse(config)) {
      TableComparison.Result result =
          TableComparison.compare(
              source,
              db,
              table,
              List.of("id"),
              warehouse::query,
              "bigquery".equals(warehouseType) ? "`" : "\"");
      assertThat(result.differences()).isEmpty();
      assertThat(result.viewRows()).isEqualTo(result.sourceRows()).isPositive();
    }
  }

  private List<String> history(Path config, String db) {
    try (Warehouse warehouse = warehouse(config)) {
      QueryResult result =
          warehouse.query(
              "SELECT " + q("Op") + ", id FROM " + q(db) + ".items_history ORDER BY binlake_order");
      return result.rows().stream().map(r -> r.get(0) + " " + r.get(1)).toList();
    }
  }

  private Warehouse warehouse(Path config) {
    return Components.warehouse(BinlakeConfig.load(config, Map.of()));
  }

  /** A quoted identifier: BigQuery takes backticks (double quotes are string literals there). */
  private String q(String name) {
    String quote = "bigquery".equals(warehouseType) ? "`" : "\"";
    return quote + name + quote;
  }

  private static int run(String... args) {
    StringWriter err = new StringWriter();
    int code = Main.execute(new PrintWriter(new StringWriter()), new PrintWriter(err), args);
    assertThat(err.toString()).as("stderr of %s", List.of(args)).doesNotContain("binlake:");
    return code;
  }

  private static long countFiles(Path folder) throws Exception {
    try (Stream<Path> files = Files.walk(folder)) {
      return files.filter(f -> f.toString().endsWith(".parquet")).count();
    }
  }

  private Path writeConfig(ThrowawayMariaDb server, String db) throws Exception {
    String user = "u_" + db;
    server.execute(
        "CREATE USER '" + user + "'@'127.0.0.1' IDENTIFIED BY 'pw-" + db + "'",
        "GRANT SELECT, RELOAD, REPLICATION SLAVE, BINLOG MONITOR ON *.* TO '"
            + user
            + "'@'127.0.0.1'");
    Path file = dir.resolve("binlake.yaml");
    Files.writeString(
        file,
        String.join(
            "\n",
            "source:",
            "  host: 127.0.0.1",
            "  port: " + server.port(),
            "  user: " + user,
            "  password: pw-" + db,
            "  server-id: " + (6000 + Math.abs(db.hashCode() % 1000)),
            "  include: [\"" + db + ".%\"]",
            "storage:",
            "  uri: file:./lake",
            "files:",
            "  max-batch-interval: 200ms",
            "warehouse:",
            "  type: " + warehouseType,
            "  path: ./lake.duckdb",
            "  postgres:",
            "    url: "
                + ("postgres".equals(warehouseType) ? WAREHOUSES.postgres().jdbcUrl() : "\"\""),
            "    user: "
                + ("postgres".equals(warehouseType) ? WAREHOUSES.postgres().user() : "binlake"),
            "  bigquery:",
            "    project: binlake-test",
            "    host: "
                + ("bigquery".equals(warehouseType) ? WAREHOUSES.bigQuery().url() : "\"\""),
            "    credentials: none",
            "    batch-interval: 1s",
            "state:",
            "  dir: ./state",
            ""));
    return file;
  }
}
