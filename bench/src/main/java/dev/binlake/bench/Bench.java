package dev.binlake.bench;

import dev.binlake.testing.ThrowawayMariaDb;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The harness ({@code bench/run}): one throwaway MariaDB, the data, every benchmark next to its
 * baseline, then {@link Report} prints the table and writes the JSON files.
 */
public final class Bench {
  private final Settings settings;
  private final Path work;
  private final Runs runs;
  private ThrowawayMariaDb db;

  private Bench(Settings settings, Path work) {
    this.settings = settings;
    this.work = work;
    this.runs = new Runs(settings, work);
  }

  public static void main(String[] args) throws Exception {
    Settings settings = Settings.parse(args, System.getenv());
    Path benchDir = Path.of(System.getProperty("bench.dir", ".")).toAbsolutePath().normalize();
    Path work = benchDir.resolve("target/bench-work");
    deleteTree(work);
    Files.createDirectories(work.resolve("logs"));
    Bench bench = new Bench(settings, work);
    long start = System.nanoTime();
    String loadBefore = Report.loadAverage();
    Map<String, Object> results = bench.runAll();
    results.put("loadavg_at_start", loadBefore);
    results.put("loadavg_at_end", Report.loadAverage());
    results.put("total_seconds", (System.nanoTime() - start) / 1e9);
    new Report(benchDir.resolve("results"), settings).write(results, bench.runs.all());
    System.exit(0);
  }

  private Map<String, Object> runAll() throws Exception {
    Map<String, Object> results = new LinkedHashMap<>();
    say("Starting a throwaway MariaDB");
    try (ThrowawayMariaDb server =
        ThrowawayMariaDb.builder().serverArgs("--innodb-buffer-pool-size=256M").start()) {
      db = server;
      if (settings.runs("snapshot")) {
        say("Generating the snapshot table (%,d rows)", settings.snapshotRows());
        Workload.createSnapshotTable(db, settings.snapshotRows());
      }
      Workload.createDrainTables(db);
      Workload.createFreshTable(db);
      if (settings.runs("capture")) {
        results.putAll(captureDrain());
      }
      if (settings.runs("snapshot")) {
        results.putAll(snapshot());
      }
      if (settings.runs("loader")) {
        results.putAll(loader());
      }
      if (settings.runs("freshness")) {
        results.putAll(freshness());
      }
    }
    double peak =
        runs.all().entrySet().stream()
            .filter(e -> e.getKey().startsWith("binlake"))
            .mapToDouble(e -> ((Number) e.getValue().get("peak_heap_mb")).doubleValue())
            .max()
            .orElse(0);
    results.put("peak_heap_mb", peak);
    double rss =
        runs.all().entrySet().stream()
            .filter(e -> e.getKey().startsWith("binlake"))
            .mapToDouble(e -> ((Number) e.getValue().get("peak_rss_mb")).doubleValue())
            .max()
            .orElse(0);
    results.put("peak_rss_mb", rss);
    return results;
  }

  private Map<String, Object> captureDrain() throws Exception {
    Path config = binlakeConfig("capture", Workload.DRAIN_DB + ".%", "60s");
    Path readerConfig = binlakeConfig("capture-reader", Workload.DRAIN_DB + ".%", "60s", "binlake");
    say("Capture drain: priming binlake (both readers) and the Debezium baseline on the seed rows");
    runs.child(
        "prime-binlake", binlake("capture", "--config", config.toString(), "--once"), List.of());
    runs.child(
        "prime-binlake-reader",
        binlake("capture", "--config", readerConfig.toString(), "--once"),
        List.of());
    Path noopState = Files.createDirectories(work.resolve("noop-state"));
    Map<String, Object> noop = new LinkedHashMap<>();
    noop.put("kind", "debezium-noop");
    noop.put("host", db.host());
    noop.put("port", db.port());
    noop.put("serverId", 5402);
    noop.put("stateDir", noopState.toString());
    noop.put("database", Workload.DRAIN_DB);
    noop.put("offsetFlushMs", 1000);
    noop.put("expected", 0);
    noop.put("timeoutSeconds", 300);
    runs.child("prime-debezium", noop, List.of());
    db.execute("FLUSH BINARY LOGS");
    String firstLog = db.variable("log_bin_basename");
    List<String> before = binlogs();
    say(
        "Capture drain: writing %,d row events over %d tables",
        settings.captureRows(), Workload.DRAIN_TABLES);
    long t0 = System.nanoTime();
    long rows = Workload.fillDrain(db, settings.captureRows());
    say("  generated in %.1f s", (System.nanoTime() - t0) / 1e9);
    db.execute("FLUSH BINARY LOGS");
    List<String> backlog = new ArrayList<>(binlogs());
    backlog.removeIf(name -> before.indexOf(name) >= 0 && !name.equals(last(before)));
    backlog.remove(last(backlog)); // the new, empty file after the flush
    say("  binlog backlog: %s (base %s)", backlog, firstLog);

    say("Capture drain: binlake capture --once");
    Path recording = work.resolve("capture.jfr");
    Map<String, Object> binlake =
        runs.child(
            "binlake-capture",
            binlake("capture", "--config", config.toString(), "--once"),
            runs.recordingTo(recording));
    binlake.put("rows", rows);
    say("Capture drain: binlake capture --once with binlake's own binlog reader (source.reader)");
    Path readerRecording = work.resolve("capture-reader.jfr");
    Map<String, Object> reader =
        runs.child(
            "binlake-capture-reader",
            binlake("capture", "--config", readerConfig.toString(), "--once"),
            runs.recordingTo(readerRecording));
    long readerDifferences =
        DirectCapture.differences(
            work.resolve("capture/lake").resolve(Workload.DRAIN_DB),
            work.resolve("capture-reader/lake").resolve(Workload.DRAIN_DB),
            backlog.get(0),
            true);
    say(
        "  binlake's reader vs Debezium's engine, same changes: %,d rows differ",
        readerDifferences);
    say("Capture drain: Debezium engine with a dropping consumer");
    noop.put("expected", rows);
    noop.put("offsetFlushMs", 60000);
    noop.put("timeoutSeconds", 1800);
    Path noopRecording = work.resolve("capture-noop.jfr");
    Map<String, Object> debezium =
        runs.child("debezium-noop", noop, runs.recordingTo(noopRecording));
    say("Capture drain: prototype direct binlog path (binlog client -> binlake sink, no Debezium)");
    Path directDir = Files.createDirectories(work.resolve("direct"));
    Map<String, Object> direct =
        runs.child(
            "direct-binlog", DirectCapture.task(db, backlog.get(0), rows, directDir), List.of());
    long differences =
        DirectCapture.differences(
            work.resolve("capture/lake").resolve(Workload.DRAIN_DB),
            directDir.resolve("lake").resolve(Workload.DRAIN_DB),
            backlog.get(0));
    say("  direct path vs binlake's files for the same changes: %,d rows differ", differences);
    say("Capture drain: mariadb-binlog --read-from-remote-server --verbose > /dev/null");
    List<String> command =
        new ArrayList<>(
            List.of(
                "mariadb-binlog",
                "--read-from-remote-server",
                "--host=" + db.host(),
                "--port=" + db.port(),
                "--user=root",
                "--verbose",
                "--base64-output=DECODE-ROWS"));
    command.addAll(backlog);
    Map<String, Object> raw = runs.timed("mariadb-binlog", command);
    raw.put("rows", rows);

    Map<String, Object> out = new LinkedHashMap<>();
    double binlakeRate = rows / seconds(binlake);
    out.put("capture_rows", rows);
    out.put("capture_rows_per_s", binlakeRate);
    out.put("capture_noop_debezium_rows_per_s", rows / seconds(debezium));
    out.put("capture_raw_binlog_rows_per_s", rows / seconds(raw));
    out.put("capture_ratio_vs_noop_debezium", binlakeRate / (rows / seconds(debezium)));
    out.put("capture_ratio_vs_raw_binlog", binlakeRate / (rows / seconds(raw)));
    out.put("capture_cpu_us_per_row", cpuMicrosPerRow(binlake, rows));
    double readerRate = rows / seconds(reader);
    out.put("capture_binlake_reader_rows_per_s", readerRate);
    out.put(
        "capture_binlake_reader_ratio_vs_noop_debezium", readerRate / (rows / seconds(debezium)));
    out.put("capture_binlake_reader_cpu_us_per_row", cpuMicrosPerRow(reader, rows));
    out.put(
        "capture_binlake_reader_cpu_ratio_vs_noop_debezium",
        cpuMicrosPerRow(debezium, rows) / cpuMicrosPerRow(reader, rows));
    out.put("capture_binlake_reader_rows_differing", readerDifferences);
    out.put("capture_direct_prototype_rows_per_s", rows / seconds(direct));
    out.put(
        "capture_direct_prototype_ratio_vs_noop_debezium",
        (rows / seconds(direct)) / (rows / seconds(debezium)));
    out.put("capture_direct_prototype_cpu_us_per_row", cpuMicrosPerRow(direct, rows));
    out.put("capture_direct_prototype_rows_differing", differences);
    out.put("capture_noop_debezium_cpu_us_per_row", cpuMicrosPerRow(debezium, rows));
    out.put(
        "capture_cpu_ratio_vs_noop_debezium",
        cpuMicrosPerRow(debezium, rows) / cpuMicrosPerRow(binlake, rows));
    if (settings.profile() && Files.exists(recording)) {
      out.put("capture_profile", Profile.summarize(recording, 15));
    }
    if (settings.profile() && Files.exists(readerRecording)) {
      out.put("capture_binlake_reader_profile", Profile.summarize(readerRecording, 15));
    }
    if (settings.profile() && Files.exists(noopRecording)) {
      out.put("capture_noop_debezium_profile", Profile.summarize(noopRecording, 15));
    }
    return out;
  }

  private Map<String, Object> snapshot() throws Exception {
    say(
        "Snapshot: binlake capture --once of a fresh state (%,d rows, 10 columns)",
        settings.snapshotRows());
    Path config = binlakeConfig("snapshot", Workload.SNAP_DB + ".%", "60s");
    Path recording = work.resolve("snapshot.jfr");
    Map<String, Object> binlake =
        runs.child(
            "binlake-snapshot",
            binlake("capture", "--config", config.toString(), "--once"),
            runs.recordingTo(recording));
    binlake.put("rows", settings.snapshotRows());
    say("Snapshot: mariadb-dump --single-transaction --quick > /dev/null");
    Map<String, Object> dump =
        runs.timed(
            "mariadb-dump",
            List.of(
                "mariadb-dump",
                "--host=" + db.host(),
                "--port=" + db.port(),
                "--user=root",
                "--single-transaction",
                "--quick",
                Workload.SNAP_DB,
                "wide"));
    dump.put("rows", settings.snapshotRows());
    say("Snapshot: prototype direct read (one consistent snapshot, JDBC -> binlake sink)");
    Path directDir = Files.createDirectories(work.resolve("snapshot-direct"));
    Path directRecording = work.resolve("snapshot-direct.jfr");
    Map<String, Object> direct =
        runs.child(
            "direct-snapshot",
            DirectSnapshot.task(db, directDir),
            runs.recordingTo(directRecording));
    long differences =
        DirectSnapshot.differences(
            work.resolve("snapshot/lake").resolve(Workload.SNAP_DB),
            directDir.resolve("lake").resolve(Workload.SNAP_DB));
    say("  direct read vs binlake's snapshot files: %,d rows differ", differences);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("snapshot_rows_per_s", settings.snapshotRows() / seconds(binlake));
    out.put("snapshot_dump_rows_per_s", settings.snapshotRows() / seconds(dump));
    out.put("snapshot_ratio_vs_dump", seconds(dump) / seconds(binlake));
    out.put("snapshot_cpu_us_per_row", cpuMicrosPerRow(binlake, settings.snapshotRows()));
    out.put("snapshot_direct_prototype_rows_per_s", settings.snapshotRows() / seconds(direct));
    out.put("snapshot_direct_prototype_ratio_vs_dump", seconds(dump) / seconds(direct));
    out.put(
        "snapshot_direct_prototype_cpu_us_per_row",
        cpuMicrosPerRow(direct, settings.snapshotRows()));
    out.put("snapshot_direct_prototype_rows_differing", differences);
    if (settings.profile() && Files.exists(recording)) {
      out.put("snapshot_profile", Profile.summarize(recording, 15));
      if (Files.exists(directRecording)) {
        out.put("snapshot_direct_prototype_profile", Profile.summarize(directRecording, 15));
      }
    }
    return out;
  }

  private Map<String, Object> loader() throws Exception {
    Path lake = work.resolve("capture/lake");
    Map<String, List<String>> files = new TreeMap<>();
    try (Stream<Path> paths = Files.walk(lake)) {
      paths
          .filter(p -> p.toString().endsWith(".parquet"))
          .sorted()
          .forEach(
              p ->
                  files
                      .computeIfAbsent(
                          lake.relativize(p.getParent()).toString(), k -> new ArrayList<>())
                      .add(p.toString()));
    }
    int fileCount = files.values().stream().mapToInt(List::size).sum();
    say("Loader: binlake load --once of %d files into a new DuckDB file", fileCount);
    Path config = binlakeConfig("capture", Workload.DRAIN_DB + ".%", "60s");
    Path loadConfig = work.resolve("load.yaml");
    Files.writeString(
        loadConfig,
        Files.readString(config)
            .replace(
                work.resolve("capture/lake.duckdb").toString(),
                work.resolve("load-cli.duckdb").toString()));
    Map<String, Object> cli =
        runs.child(
            "binlake-load-cli",
            binlake("load", "--config", loadConfig.toString(), "--once"),
            List.of());
    say("Loader: binlake's Loader + DuckDbWarehouse (opened untimed) into a new DuckDB file");
    Map<String, Object> direct = new LinkedHashMap<>();
    direct.put("kind", "binlake-loader");
    direct.put("lake", lake.toString());
    direct.put("path", work.resolve("load.duckdb").toString());
    direct.put("stateDir", Files.createDirectories(work.resolve("load-state")).toString());
    Map<String, Object> binlake = runs.child("binlake-load", direct, List.of());
    if (((Number) binlake.get("files")).intValue() != fileCount) {
      throw new IllegalStateException(
          "Cannot compare loaders: binlake loaded "
              + binlake.get("files")
              + " of "
              + fileCount
              + " files (see "
              + work.resolve("logs")
              + ")");
    }
    say("Loader: DuckDB INSERT INTO … SELECT * FROM read_parquet(files) per table");
    Map<String, Object> task = new LinkedHashMap<>();
    task.put("kind", "duckdb-insert");
    task.put("path", work.resolve("baseline.duckdb").toString());
    task.put("tables", files);
    Map<String, Object> duck = runs.child("duckdb-insert", task, List.of());
    binlake.put("rows", duck.get("rows"));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("loader_files", fileCount);
    out.put("loader_cli_seconds", seconds(cli));
    out.put("loader_seconds", seconds(binlake));
    out.put("loader_duckdb_seconds", seconds(duck));
    out.put("loader_rows_per_s", ((Number) duck.get("rows")).doubleValue() / seconds(binlake));
    out.put("loader_duckdb_rows_per_s", ((Number) duck.get("rows")).doubleValue() / seconds(duck));
    out.put("loader_ratio_vs_duckdb", seconds(duck) / seconds(binlake));
    return out;
  }

  private Map<String, Object> freshness() throws Exception {
    int clients = settings.slapClients();
    // Each client runs cycles of 4 transactions and a sleep; the sleep sets the offered rate.
    double cycleSeconds = 4.0 * clients / settings.freshRate();
    long cycles = (long) settings.freshRate() * settings.freshSeconds() / 4;
    say(
        "Freshness: binlake run (max-batch-interval 500ms) while mariadb-slap offers %,d tx/s"
            + " for %d s (%d clients)",
        settings.freshRate(), settings.freshSeconds(), clients);
    Path config = binlakeConfig("fresh", Workload.FRESH_DB + ".%", "500ms");
    List<String> slap =
        List.of(
            "mariadb-slap",
            "--host=" + db.host(),
            "--port=" + db.port(),
            "--user=root",
            "--create-schema=" + Workload.FRESH_DB,
            "--no-drop",
            "--concurrency=" + clients,
            "--iterations=1",
            "--number-of-queries=" + cycles * 5,
            "--delimiter=;",
            "--query=" + Workload.slapCycle(cycleSeconds * 0.8));
    Map<String, Object> task = new LinkedHashMap<>();
    task.put("kind", "freshness");
    task.put("config", config.toString());
    task.put("sourceUrl", db.jdbcUrl());
    task.put("table", Workload.FRESH_DB + ".t");
    task.put("slap", slap);
    task.put("timeoutSeconds", settings.freshSeconds() * 5L + 120);
    Map<String, Object> run = runs.child("binlake-freshness", task, List.of());
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("freshness_p50_ms", run.get("p50_ms"));
    out.put("freshness_p99_ms", run.get("p99_ms"));
    out.put("freshness_max_ms", run.get("max_ms"));
    out.put("freshness_tx_per_s", run.get("tx_per_s"));
    out.put("freshness_target_tx_per_s", settings.freshRate());
    out.put("freshness_samples", run.get("samples"));
    return out;
  }

  private Path binlakeConfig(String name, String include, String maxBatchInterval)
      throws IOException {
    return binlakeConfig(name, include, maxBatchInterval, "debezium");
  }

  /** A configuration whose {@code source.reader} is {@code reader}. */
  private Path binlakeConfig(String name, String include, String maxBatchInterval, String reader)
      throws IOException {
    Path dir = Files.createDirectories(work.resolve(name));
    Path config = dir.resolve("binlake.yaml");
    if (!Files.exists(config)) {
      Files.writeString(
          config,
          String.join(
              "\n",
              "source:",
              "  host: " + db.host(),
              "  port: " + db.port(),
              "  user: root",
              "  password: \"\"",
              "  server-id: 5401",
              "  include: [\"" + include + "\"]",
              "  reader: " + reader,
              "storage:",
              "  uri: file:" + dir.resolve("lake"),
              "files:",
              "  max-batch-interval: " + maxBatchInterval,
              "warehouse:",
              "  type: duckdb",
              "  path: " + dir.resolve("lake.duckdb"),
              "state:",
              "  dir: " + dir.resolve("state"),
              ""));
    }
    return config;
  }

  private static Map<String, Object> binlake(String... args) {
    Map<String, Object> task = new LinkedHashMap<>();
    task.put("kind", "binlake");
    task.put("args", List.of(args));
    return task;
  }

  private List<String> binlogs() throws Exception {
    List<String> names = new ArrayList<>();
    try (Connection connection = db.connect();
        Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("SHOW BINARY LOGS")) {
      while (rs.next()) {
        names.add(rs.getString(1));
      }
    }
    return names;
  }

  private static String last(List<String> list) {
    return list.get(list.size() - 1);
  }

  /** CPU time of a child JVM's work per row, in µs (JIT and GC threads included). */
  static double cpuMicrosPerRow(Map<String, Object> result, long rows) {
    return ((Number) result.get("cpu_seconds")).doubleValue() * 1e6 / rows;
  }

  static double seconds(Map<String, Object> result) {
    return ((Number) result.get("seconds")).doubleValue();
  }

  static void say(String format, Object... args) {
    System.out.println(String.format(java.util.Locale.ROOT, format, args));
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
