package dev.binlake.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Prints the Markdown table and writes {@code results/<timestamp>.json} plus a copy as {@code
 * results/latest.json} (earlier files stay).
 */
final class Report {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path resultsDir;
  private final Settings settings;

  Report(Path resultsDir, Settings settings) {
    this.resultsDir = resultsDir;
    this.settings = settings;
  }

  void write(Map<String, Object> results, Map<String, Map<String, Object>> runs)
      throws IOException {
    Instant now = Instant.now();
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("timestamp", now.toString());
    doc.put("git_commit", System.getProperty("bench.git", "unknown"));
    doc.put("mode", settings.smoke() ? "smoke" : "default");
    doc.put("machine", machine());
    doc.put("binlake_jars", jars());
    doc.put("settings", settings);
    doc.putAll(results);
    doc.put("runs", runs);
    String table = table(results, runs);
    doc.put("markdown", table);
    Files.createDirectories(resultsDir);
    String name =
        DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT)
                .withZone(ZoneOffset.UTC)
                .format(now)
            + (settings.smoke() ? "-smoke" : "")
            + (settings.isFullRun() || settings.smoke()
                ? ""
                : "-" + String.join("-", new java.util.TreeSet<>(settings.only())))
            + (settings.label().isEmpty() ? "" : "-" + settings.label())
            + ".json";
    JSON.writerWithDefaultPrettyPrinter().writeValue(resultsDir.resolve(name).toFile(), doc);
    System.out.println();
    System.out.println(table);
    if (settings.isFullRun()) {
      JSON.writerWithDefaultPrettyPrinter()
          .writeValue(resultsDir.resolve("latest.json").toFile(), doc);
      System.out.println("Results: " + resultsDir.resolve("latest.json") + " (also " + name + ")");
    } else {
      // latest.json stays the last full run: smoke and partial runs do not replace it.
      System.out.println("Results: " + resultsDir.resolve(name));
    }
  }

  /** /proc/loadavg's first three fields: other work on the machine skews every figure. */
  static String loadAverage() {
    try {
      String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
      return fields[0] + " " + fields[1] + " " + fields[2];
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }

  /** The binlake module jars the runs used, with their build time: what was measured. */
  private static Map<String, String> jars() {
    Map<String, String> jars = new java.util.TreeMap<>();
    Path lib = Path.of(System.getProperty("bench.dir", "."), "target", "lib");
    try (java.util.stream.Stream<Path> files = Files.list(lib)) {
      for (Path jar :
          files.filter(p -> p.getFileName().toString().startsWith("binlake-")).toList()) {
        jars.put(jar.getFileName().toString(), Files.getLastModifiedTime(jar).toString());
      }
    } catch (IOException e) {
      jars.put("unknown", e.getMessage());
    }
    return jars;
  }

  private static Map<String, Object> machine() {
    Map<String, Object> machine = new LinkedHashMap<>();
    machine.put("nproc", Runtime.getRuntime().availableProcessors());
    try {
      for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
        if (line.startsWith("MemTotal:")) {
          machine.put("memory_mb", Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024);
        }
      }
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("model name")) {
          machine.put("cpu", line.substring(line.indexOf(':') + 1).trim());
          break;
        }
      }
    } catch (IOException | RuntimeException e) {
      machine.put("memory_mb", -1);
    }
    machine.put(
        "java_version",
        System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
    machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
    return machine;
  }

  private String table(Map<String, Object> r, Map<String, Map<String, Object>> runs) {
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "Sizes: capture %,d row events / 4 tables, snapshot %,d"
                + " rows x 10 columns, freshness %d s at %,d tx/s offered%s%n%n",
            settings.captureRows(),
            settings.snapshotRows(),
            settings.freshSeconds(),
            settings.freshRate(),
            settings.isFullRun() || settings.smoke()
                ? ""
                : " (run: " + String.join(", ", new java.util.TreeSet<>(settings.only())) + ")"));
    out.append(
        String.format(
            Locale.ROOT,
            "Load average at start / end: %s / %s (other work on"
                + " the machine skews every figure)%n%n",
            r.get("loadavg_at_start"),
            r.get("loadavg_at_end")));
    out.append("| benchmark | binlake | baseline | ratio | target | met |\n");
    out.append("|---|---|---|---|---|---|\n");
    if (settings.runs("capture")) {
      captureRows(out, r);
    }
    if (settings.runs("snapshot")) {
      row(
          out,
          "snapshot",
          rate(r, "snapshot_rows_per_s", "rows/s"),
          "mariadb-dump to /dev/null: " + rate(r, "snapshot_dump_rows_per_s", "rows/s"),
          num(r, "snapshot_ratio_vs_dump"),
          "≥ 1.0",
          d(r, "snapshot_ratio_vs_dump") >= 1.0);
      prototypeRow(
          out,
          r,
          "snapshot, prototype direct read",
          "snapshot_direct_prototype",
          "mariadb-dump to /dev/null: " + rate(r, "snapshot_dump_rows_per_s", "rows/s"),
          "snapshot_direct_prototype_ratio_vs_dump");
    }
    if (settings.runs("loader")) {
      loaderRows(out, r);
    }
    if (settings.runs("freshness")) {
      freshnessRows(out, r);
    }
    row(
        out,
        "memory",
        String.format(
            Locale.ROOT,
            "peak heap %.0f MB, RSS %.0f MB",
            d(r, "peak_heap_mb"),
            d(r, "peak_rss_mb")),
        "every run with -Xmx512m",
        "",
        "passes with -Xmx512m",
        true);
    out.append(
        "\n| run | seconds | CPU seconds | peak heap MB | peak RSS MB |\n|---|---|---|---|---|\n");
    runs.forEach(
        (name, run) ->
            out.append(
                String.format(
                    Locale.ROOT,
                    "| %s | %.2f | %s | %s | %s |%n",
                    name,
                    Bench.seconds(run),
                    run.get("cpu_seconds") instanceof Number cpu
                        ? String.format(Locale.ROOT, "%.2f", cpu.doubleValue())
                        : "–",
                    run.getOrDefault("peak_heap_mb", "–"),
                    run.getOrDefault("peak_rss_mb", "– (not a JVM)"))));
    return out.toString();
  }

  private static void captureRows(StringBuilder out, Map<String, Object> r) {
    row(
        out,
        "capture drain",
        rate(r, "capture_rows_per_s", "rows/s"),
        "Debezium, dropping consumer: " + rate(r, "capture_noop_debezium_rows_per_s", "rows/s"),
        num(r, "capture_ratio_vs_noop_debezium"),
        "≥ 0.8",
        d(r, "capture_ratio_vs_noop_debezium") >= 0.8);
    row(
        out,
        "capture drain",
        rate(r, "capture_rows_per_s", "rows/s"),
        "mariadb-binlog -v to /dev/null: " + rate(r, "capture_raw_binlog_rows_per_s", "rows/s"),
        num(r, "capture_ratio_vs_raw_binlog"),
        "(ceiling)",
        null);
    row(
        out,
        "capture drain (stretch)",
        rate(r, "capture_rows_per_s", "rows/s"),
        "",
        "",
        "≥ 100,000 rows/s",
        d(r, "capture_rows_per_s") >= 100_000);
    row(
        out,
        "capture drain, CPU per row event",
        String.format(Locale.ROOT, "%.1f µs", d(r, "capture_cpu_us_per_row")),
        String.format(
            Locale.ROOT,
            "Debezium, dropping consumer: %.1f µs",
            d(r, "capture_noop_debezium_cpu_us_per_row")),
        num(r, "capture_cpu_ratio_vs_noop_debezium"),
        "(≥ 0.8, less noisy)",
        d(r, "capture_cpu_ratio_vs_noop_debezium") >= 0.8);
    if (r.containsKey("capture_binlake_reader_rows_per_s")) {
      row(
          out,
          "capture drain, binlake's own binlog reader (`source.reader: binlake`)",
          rate(r, "capture_binlake_reader_rows_per_s", "rows/s")
              + String.format(
                  Locale.ROOT,
                  ", %.1f µs CPU/row, %,.0f rows differ from the Debezium engine's files",
                  d(r, "capture_binlake_reader_cpu_us_per_row"),
                  d(r, "capture_binlake_reader_rows_differing")),
          "Debezium, dropping consumer: " + rate(r, "capture_noop_debezium_rows_per_s", "rows/s"),
          num(r, "capture_binlake_reader_ratio_vs_noop_debezium"),
          "≥ 0.8; ≥ 100,000 rows/s",
          d(r, "capture_binlake_reader_ratio_vs_noop_debezium") >= 0.8
              && d(r, "capture_binlake_reader_rows_per_s") >= 100_000);
    }
    prototypeRow(
        out,
        r,
        "capture drain, prototype direct binlog path",
        "capture_direct_prototype",
        "Debezium, dropping consumer: " + rate(r, "capture_noop_debezium_rows_per_s", "rows/s"),
        "capture_direct_prototype_ratio_vs_noop_debezium");
  }

  /** A prototype's row (not a path `binlake run` uses), if it ran: keys start with {@code key}. */
  private static void prototypeRow(
      StringBuilder out,
      Map<String, Object> r,
      String label,
      String key,
      String baseline,
      String ratioKey) {
    if (r.containsKey(key + "_rows_per_s")) {
      row(
          out,
          label + " (bench prototype)",
          rate(r, key + "_rows_per_s", "rows/s")
              + String.format(
                  Locale.ROOT,
                  ", %.1f µs CPU/row, %,.0f rows differ from binlake's files",
                  d(r, key + "_cpu_us_per_row"),
                  d(r, key + "_rows_differing")),
          baseline,
          num(r, ratioKey),
          "(measurement)",
          null);
    }
  }

  private static void loaderRows(StringBuilder out, Map<String, Object> r) {
    row(
        out,
        "loader",
        rate(r, "loader_rows_per_s", "rows/s"),
        "DuckDB INSERT … read_parquet: " + rate(r, "loader_duckdb_rows_per_s", "rows/s"),
        num(r, "loader_ratio_vs_duckdb"),
        "≥ 0.8",
        d(r, "loader_ratio_vs_duckdb") >= 0.8);
    row(
        out,
        "loader, `load --once` with start-up",
        String.format(Locale.ROOT, "%.2f s", d(r, "loader_cli_seconds")),
        String.format(Locale.ROOT, "DuckDB: %.2f s", d(r, "loader_duckdb_seconds")),
        String.format(
            Locale.ROOT, "%.2f×", d(r, "loader_duckdb_seconds") / d(r, "loader_cli_seconds")),
        "",
        null);
  }

  private static void freshnessRows(StringBuilder out, Map<String, Object> r) {
    boolean rateMet = d(r, "freshness_tx_per_s") >= 0.95 * 1000;
    row(
        out,
        "freshness p50",
        ms(r, "freshness_p50_ms"),
        String.format(Locale.ROOT, "at %,.0f tx/s achieved", d(r, "freshness_tx_per_s")),
        "",
        "≤ 1,000 ms at 1,000 tx/s",
        d(r, "freshness_p50_ms") <= 1000 && rateMet);
    row(
        out,
        "freshness p99",
        ms(r, "freshness_p99_ms"),
        String.format(
            Locale.ROOT, "%,d samples", ((Number) r.get("freshness_samples")).longValue()),
        "",
        "≤ 3,000 ms at 1,000 tx/s",
        d(r, "freshness_p99_ms") <= 3000 && rateMet);
  }

  private static void row(
      StringBuilder out,
      String name,
      String binlake,
      String baseline,
      String ratio,
      String target,
      Boolean met) {
    out.append("| ")
        .append(name)
        .append(" | ")
        .append(binlake)
        .append(" | ")
        .append(baseline)
        .append(" | ")
        .append(ratio)
        .append(" | ")
        .append(target)
        .append(" | ")
        .append(met == null ? "" : met ? "yes" : "**no**")
        .append(" |\n");
  }

  private static double d(Map<String, Object> r, String key) {
    Object value = r.get(key);
    return value instanceof Number n ? n.doubleValue() : Double.NaN;
  }

  private static String rate(Map<String, Object> r, String key, String unit) {
    return String.format(Locale.ROOT, "%,.0f %s", d(r, key), unit);
  }

  private static String num(Map<String, Object> r, String key) {
    return String.format(Locale.ROOT, "%.2f×", d(r, key));
  }

  private static String ms(Map<String, Object> r, String key) {
    return String.format(Locale.ROOT, "%,.0f ms", d(r, key));
  }
}
