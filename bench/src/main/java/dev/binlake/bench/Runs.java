package dev.binlake.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The benchmark's processes: each JVM run in its own {@link Child} JVM with -Xmx512m, each baseline
 * tool timed as a process; their logs under {@code logs/}, their results kept by name for the
 * report.
 */
final class Runs {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String HEAP = "-Xmx512m";

  private final Settings settings;
  private final Path work;
  private final Path logs;
  private final Map<String, Map<String, Object>> results = new LinkedHashMap<>();

  Runs(Settings settings, Path work) {
    this.settings = settings;
    this.work = work;
    this.logs = work.resolve("logs");
  }

  /** Every recorded run's result by name, in the order they ran (priming runs left out). */
  Map<String, Map<String, Object>> all() {
    return results;
  }

  /**
   * Runs {@link Child} with -Xmx512m (and --jvm-opts) and returns its result; stdout/stderr go to
   * logs/.
   */
  @SuppressWarnings("unchecked") // the child writes a JSON object
  Map<String, Object> child(String name, Map<String, Object> task, List<String> jvmArgs)
      throws Exception {
    Path taskFile = work.resolve(name + ".task.json");
    Path resultFile = work.resolve(name + ".result.json");
    JSON.writeValue(taskFile.toFile(), task);
    List<String> command =
        new ArrayList<>(
            List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), HEAP));
    command.addAll(settings.jvmOptions());
    command.addAll(jvmArgs);
    command.addAll(
        List.of(
            "-cp",
            System.getProperty("java.class.path"),
            Child.class.getName(),
            taskFile.toString(),
            resultFile.toString()));
    Path log = logs.resolve(name + ".log");
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    int code = process.waitFor();
    if (code != 0 || !Files.exists(resultFile)) {
      throw new IllegalStateException(
          "Cannot finish benchmark run " + name + ": exit " + code + " (see " + log + ")");
    }
    Map<String, Object> result = JSON.readValue(resultFile.toFile(), Map.class);
    if (!name.startsWith("prime")) {
      results.put(name, result);
    }
    Bench.say(
        "  %s: %.2f s, CPU %.2f s, peak heap %s MB, RSS %s MB",
        name,
        Bench.seconds(result),
        ((Number) result.get("cpu_seconds")).doubleValue(),
        result.get("peak_heap_mb"),
        result.get("peak_rss_mb"));
    return result;
  }

  /** Runs a baseline tool with stdout to /dev/null; its time is the process's wall time. */
  Map<String, Object> timed(String name, List<String> command) throws Exception {
    Path log = logs.resolve(name + ".log");
    long start = System.nanoTime();
    Process process =
        new ProcessBuilder(command)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(log.toFile())
            .start();
    int code = process.waitFor();
    double seconds = (System.nanoTime() - start) / 1e9;
    if (code != 0) {
      throw new IllegalStateException(
          "Cannot run baseline " + name + ": exit " + code + " (see " + log + ")");
    }
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("seconds", seconds);
    results.put(name, result);
    Bench.say("  %s: %.2f s", name, seconds);
    return result;
  }

  /** JVM options that record a JFR profile to {@code recording} when profiling is on. */
  List<String> recordingTo(Path recording) {
    return settings.profile()
        ? List.of(
            "-XX:StartFlightRecording=filename=" + recording + ",settings=profile,dumponexit=true")
        : List.of();
  }
}
