package dev.binlake.bench;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Sizes of one harness run, from flags ({@code --capture-rows N}) or the environment ({@code
 * BENCH_CAPTURE_ROWS=N}); flags win. {@code --smoke} picks tiny sizes that still run everything;
 * {@code --only capture,snapshot} runs some benchmarks (the loader loads the capture drain's files,
 * so it needs capture); {@code --label NAME} names the result file; {@code --jvm-opts "..."} (or
 * {@code BENCH_JVM_OPTS}) adds JVM options to every benchmark JVM, binlake's and the baselines'.
 */
record Settings(
    boolean smoke,
    long captureRows,
    long snapshotRows,
    int freshRate,
    int freshSeconds,
    int slapClients,
    boolean profile,
    Set<String> only,
    String label,
    List<String> jvmOptions) {
  static final List<String> BENCHMARKS = List.of("capture", "snapshot", "loader", "freshness");

  Settings {
    only = Set.copyOf(only);
    jvmOptions = List.copyOf(jvmOptions);
  }

  /** The sizes and switches of the issue, every benchmark. */
  Settings(
      boolean smoke,
      long captureRows,
      long snapshotRows,
      int freshRate,
      int freshSeconds,
      int slapClients,
      boolean profile) {
    this(
        smoke,
        captureRows,
        snapshotRows,
        freshRate,
        freshSeconds,
        slapClients,
        profile,
        Set.copyOf(BENCHMARKS),
        "",
        List.of());
  }

  boolean runs(String benchmark) {
    return only.contains(benchmark);
  }

  /**
   * Every benchmark at default sizes and JVM options: the run that {@code results/latest.json}
   * holds.
   */
  boolean isFullRun() {
    return !smoke && only.containsAll(BENCHMARKS) && jvmOptions.isEmpty();
  }

  static Settings parse(String[] args, Map<String, String> env) {
    boolean smoke = false;
    for (String arg : args) {
      smoke |= arg.equals("--smoke");
    }
    long captureRows = smoke ? 10_000 : 1_000_000;
    long snapshotRows = smoke ? 10_000 : 1_000_000;
    int freshRate = smoke ? 200 : 1000;
    int freshSeconds = smoke ? 5 : 60;
    int clients = 8;
    boolean profile = !smoke; // JFR of the capture drain; --profile forces it
    Set<String> only = new LinkedHashSet<>(BENCHMARKS);
    String label = "";
    String jvmOptions = env.getOrDefault("BENCH_JVM_OPTS", "");
    captureRows = Long.parseLong(env.getOrDefault("BENCH_CAPTURE_ROWS", "" + captureRows));
    snapshotRows = Long.parseLong(env.getOrDefault("BENCH_SNAPSHOT_ROWS", "" + snapshotRows));
    freshRate = Integer.parseInt(env.getOrDefault("BENCH_FRESH_RATE", "" + freshRate));
    freshSeconds = Integer.parseInt(env.getOrDefault("BENCH_FRESH_SECONDS", "" + freshSeconds));
    clients = Integer.parseInt(env.getOrDefault("BENCH_SLAP_CLIENTS", "" + clients));
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      switch (arg) {
        case "--smoke" -> {}
        case "--no-profile" -> profile = false;
        case "--profile" -> profile = true;
        case "--capture-rows" -> captureRows = Long.parseLong(args[++i]);
        case "--snapshot-rows" -> snapshotRows = Long.parseLong(args[++i]);
        case "--fresh-rate" -> freshRate = Integer.parseInt(args[++i]);
        case "--fresh-seconds" -> freshSeconds = Integer.parseInt(args[++i]);
        case "--slap-clients" -> clients = Integer.parseInt(args[++i]);
        case "--only" -> only = only(args[++i]);
        case "--label" -> label = label(args[++i]);
        case "--jvm-opts" -> jvmOptions = args[++i];
        default ->
            throw new IllegalArgumentException(
                String.format(
                    Locale.ROOT,
                    "Cannot run the benchmarks: unknown option %s (use --smoke, --capture-rows N,"
                        + " --snapshot-rows N, --fresh-rate TX_PER_S, --fresh-seconds S,"
                        + " --slap-clients N, --profile, --no-profile, --only LIST, --label NAME,"
                        + " --jvm-opts OPTIONS)",
                    arg));
      }
    }
    return new Settings(
        smoke,
        captureRows,
        snapshotRows,
        freshRate,
        freshSeconds,
        clients,
        profile,
        only,
        label,
        jvmOptions.isBlank() ? List.of() : List.of(jvmOptions.trim().split("\\s+")));
  }

  private static Set<String> only(String list) {
    Set<String> only = new LinkedHashSet<>();
    for (String name : list.split(",")) {
      String benchmark = name.trim().toLowerCase(Locale.ROOT);
      if (!BENCHMARKS.contains(benchmark)) {
        throw new IllegalArgumentException(
            String.format(
                Locale.ROOT,
                "Cannot run the benchmarks: --only names unknown benchmark '%s' (use a"
                    + " comma-separated list of %s)",
                name,
                String.join(", ", BENCHMARKS)));
      }
      only.add(benchmark);
    }
    if (only.contains("loader") && !only.contains("capture")) {
      throw new IllegalArgumentException(
          "Cannot run the benchmarks: --only loader needs capture too (the loader loads the"
              + " capture drain's files; use --only capture,loader)");
    }
    return only;
  }

  private static String label(String label) {
    if (!label.matches("[A-Za-z0-9._-]+")) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT,
              "Cannot run the benchmarks: --label '%s' must be letters, digits, '.', '_' or '-'"
                  + " (it becomes part of the result file's name)",
              label));
    }
    return label;
  }
}
