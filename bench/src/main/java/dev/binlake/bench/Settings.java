package dev.binlake.bench;

import java.util.Locale;
import java.util.Map;

/**
 * Sizes of one harness run, from flags ({@code --capture-rows N}) or the environment ({@code
 * BENCH_CAPTURE_ROWS=N}); flags win. {@code --smoke} picks tiny sizes that still run everything.
 */
record Settings(
    boolean smoke,
    long captureRows,
    long snapshotRows,
    int freshRate,
    int freshSeconds,
    int slapClients,
    boolean profile) {

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
        default ->
            throw new IllegalArgumentException(
                String.format(
                    Locale.ROOT,
                    "Cannot run the benchmarks: unknown option %s (use --smoke, --capture-rows N,"
                        + " --snapshot-rows N, --fresh-rate TX_PER_S, --fresh-seconds S,"
                        + " --slap-clients N, --profile, --no-profile)",
                    arg));
      }
    }
    return new Settings(
        smoke, captureRows, snapshotRows, freshRate, freshSeconds, clients, profile);
  }
}
