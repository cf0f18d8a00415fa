package dev.binlake.cli.demo;

import static java.util.Objects.requireNonNull;

import dev.binlake.api.BinlakeException;
import dev.binlake.api.Warehouse;
import dev.binlake.cli.config.BinlakeConfig;
import dev.binlake.cli.run.Components;
import dev.binlake.testing.ThrowawayMariaDb;
import dev.binlake.testing.s3.S3ProxyServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code binlake demo --scaled}: the scaled-out deployment on this machine. S3Proxy serves an S3
 * API over a folder of the demo, the machine's RabbitMQ carries the events, one {@code binlake
 * capture} process stores change files and N {@code binlake load} processes share the queue,
 * loading into a database {@code binlake_demo} on the machine's PostgreSQL. After the shop workload
 * the demo waits until every view equals its source, prints the comparison and who loaded what, and
 * stops every process with SIGTERM.
 */
final class ScaledDemo {
  static final String QUEUE = "binlake-demo";
  static final String DATABASE = "binlake_demo";
  private static final String PASSWORD = "demo-only-password";
  private static final Duration CATCH_UP = Duration.ofMinutes(5);

  /** What the demo needs from its command line. */
  record Settings(
      Path root,
      Duration workload,
      int loaders,
      URI amqpUri,
      String postgresServerUrl,
      String postgresUser,
      String postgresPassword) {
    Settings {
      requireNonNull(root, "root is null");
      requireNonNull(workload, "workload is null");
      requireNonNull(amqpUri, "amqpUri is null");
      requireNonNull(postgresServerUrl, "postgresServerUrl is null");
      requireNonNull(postgresUser, "postgresUser is null");
    }
  }

  private final Settings settings;
  private final PrintWriter out;

  ScaledDemo(Settings settings, PrintWriter out) {
    this.settings = requireNonNull(settings, "settings is null");
    this.out = requireNonNull(out, "out is null");
  }

  int run() throws Exception {
    Path root = settings.root();
    String warehouseUrl =
        DemoServices.recreatePostgresDatabase(
            settings.postgresServerUrl(),
            settings.postgresUser(),
            settings.postgresPassword(),
            DATABASE);
    say("PostgreSQL: database %s re-created at %s", DATABASE, warehouseUrl);
    say("Starting a throwaway MariaDB with binlog ...");
    try (ThrowawayMariaDb server = ThrowawayMariaDb.start();
        S3ProxyServer s3 = S3ProxyServer.inFolder(root.resolve("s3"), "lake")) {
      say(
          "MariaDB %s on 127.0.0.1:%d (%s); S3 API (S3Proxy) on %s, bucket lake, objects under %s",
          server.variable("version"),
          server.port(),
          server.distribution(),
          s3.endpoint(),
          root.resolve("s3"));
      server.execute(
          "CREATE USER 'binlake'@'127.0.0.1' IDENTIFIED BY '" + PASSWORD + "'",
          "GRANT SELECT, RELOAD, REPLICATION SLAVE, BINLOG MONITOR ON *.* TO"
              + " 'binlake'@'127.0.0.1'");
      Path configFile = writeConfig(root, server.port(), s3, warehouseUrl);
      Map<String, String> env = new HashMap<>();
      env.put("BINLAKE_SOURCE_PASSWORD", PASSWORD);
      if (settings.postgresPassword() != null) {
        env.put("BINLAKE_WAREHOUSE_PASSWORD", settings.postgresPassword());
      }
      BinlakeConfig config = BinlakeConfig.load(configFile, env);
      dev.binlake.cli.ConfigFile.registerSecrets(config);
      String broker = DemoServices.clearRabbitMqQueues(config);
      say("RabbitMQ at %s: queue %s emptied", broker, QUEUE);
      try (Connection connection = server.connect()) {
        ShopWorkload.createSchema(connection, "shop");
        ShopWorkload workload = new ShopWorkload(connection, 42);
        workload.seed(50, 20, 200);
        say("Seeded shop.customers, shop.products, shop.orders");
        List<ChildProcess> children = new ArrayList<>();
        try {
          startProcesses(configFile, env, children);
          long end = System.nanoTime() + settings.workload().toNanos();
          while (System.nanoTime() < end) {
            workload.step();
          }
          say(
              "Workload done: %d transactions; waiting until every view equals its source ...",
              workload.transactions());
          try (Warehouse warehouse = Components.warehouse(config)) {
            boolean equal = awaitEqual(connection, warehouse, children);
            boolean printedEqual = DemoReport.print(out, connection, warehouse::query);
            boolean loadedOnce = printLoaders(children);
            printWhere(root, s3, warehouseUrl, configFile);
            stop(children);
            return equal && printedEqual && loadedOnce ? 0 : 1;
          }
        } finally {
          stop(children);
        }
      }
    }
  }

  private void startProcesses(Path configFile, Map<String, String> env, List<ChildProcess> children)
      throws IOException {
    Path logs = settings.root().resolve("logs");
    Files.createDirectories(logs);
    for (int i = 1; i <= settings.loaders(); i++) {
      children.add(
          ChildProcess.start("loader-" + i, logs, env, "load", "--config", configFile.toString()));
    }
    ChildProcess capture =
        ChildProcess.start("capture", logs, env, "capture", "--config", configFile.toString());
    for (ChildProcess loader : children) {
      loader.awaitLog("Loading change files announced on RABBITMQ", Duration.ofMinutes(3));
    }
    children.add(capture);
    say("%d `binlake load` processes subscribed to queue %s", settings.loaders(), QUEUE);
    for (String table : DemoReport.TABLE_NAMES) {
      capture.awaitLog("Stored cdc/shop/" + table + "/LOAD", Duration.ofMinutes(3));
    }
    say("`binlake capture` stored the snapshot and follows the binlog; workload running ...");
  }

  private boolean awaitEqual(Connection source, Warehouse warehouse, List<ChildProcess> children)
      throws Exception {
    long deadline = System.nanoTime() + CATCH_UP.toNanos();
    while (System.nanoTime() < deadline) {
      for (ChildProcess child : children) {
        child.requireAlive();
      }
      try {
        if (DemoReport.allEqual(source, warehouse::query)) {
          return true;
        }
      } catch (BinlakeException e) {
        // the tables or views do not exist yet: keep waiting
      }
      Thread.sleep(1000);
    }
    say("Views still differ after %s (see the logs under %s)", CATCH_UP, children.get(0).log());
    return false;
  }

  private boolean printLoaders(List<ChildProcess> children) throws IOException {
    out.println("== Who loaded what ==");
    long loaded = 0;
    for (ChildProcess child : children) {
      if (child.name().startsWith("loader")) {
        long files = child.countLogLines("Loaded ", " rows in ");
        loaded += files;
        out.printf("%-9s loaded %3d change files (log %s)%n", child.name(), files, child.log());
      } else {
        out.printf("%-9s log %s%n", child.name(), child.log());
      }
    }
    long stored;
    try (java.util.stream.Stream<Path> files = Files.walk(settings.root().resolve("s3"))) {
      stored = files.filter(f -> f.getFileName().toString().endsWith(".parquet")).count();
    }
    out.printf(
        "%d change files stored in S3, %d loads by %d loaders: %s%n",
        stored,
        loaded,
        settings.loaders(),
        stored == loaded ? "each file loaded once" : "MISMATCH");
    out.println();
    return stored == loaded;
  }

  private void printWhere(Path root, S3ProxyServer s3, String warehouseUrl, Path configFile) {
    out.printf(
        "Change files: %s (served as s3://lake/cdc by %s while the demo ran)%n"
            + "Warehouse: %s (user %s; it stays)%n"
            + "Events: RabbitMQ queue %s (dead letters in %s.dead)%n"
            + "Config: %s (the demo's MariaDB and S3 endpoint are gone after this)%n",
        root.resolve("s3").resolve("lake"),
        s3.endpoint(),
        warehouseUrl,
        settings.postgresUser(),
        QUEUE,
        QUEUE,
        configFile);
    out.flush();
  }

  private void stop(List<ChildProcess> children) {
    if (children.isEmpty()) {
      return;
    }
    say("Stopping the capture and loader processes (SIGTERM) ...");
    List<ChildProcess> reversed = new ArrayList<>(children);
    java.util.Collections.reverse(reversed); // capture first, so loaders see its last files
    for (ChildProcess child : reversed) {
      child.stop(Duration.ofSeconds(60)).ifPresent(problem -> say("%s", problem));
    }
    children.clear();
  }

  private Path writeConfig(Path root, int port, S3ProxyServer s3, String warehouseUrl)
      throws IOException {
    Path file = root.resolve("binlake.yaml");
    List<String> lines =
        new ArrayList<>(
            List.of(
                "source:",
                "  host: 127.0.0.1",
                "  port: " + port,
                "  user: binlake",
                "  password: ${env:BINLAKE_SOURCE_PASSWORD}",
                "  server-id: 5402",
                "  include: [\"shop.%\"]",
                "storage:",
                "  uri: s3://" + s3.bucket() + "/cdc",
                "  s3:",
                "    endpoint: " + s3.endpoint(),
                "    region: " + s3.region(),
                "    path-style-access: true",
                "    access-key: " + s3.accessKey(),
                "    secret-key: " + s3.secretKey(),
                "files:",
                "  max-batch-interval: 1s",
                "events:",
                "  type: rabbitmq",
                "  rabbitmq:",
                "    uri: " + settings.amqpUri(),
                "    queue: " + QUEUE,
                "warehouse:",
                "  type: postgres",
                "  postgres:",
                "    url: " + warehouseUrl,
                "    user: " + settings.postgresUser()));
    if (settings.postgresPassword() != null) {
      lines.add("    password: ${env:BINLAKE_WAREHOUSE_PASSWORD}");
    }
    lines.addAll(List.of("state:", "  dir: ./state", ""));
    Files.writeString(file, String.join("\n", lines));
    return file;
  }

  private void say(String format, Object... args) {
    out.printf(format + "%n", args);
    out.flush();
  }
}
