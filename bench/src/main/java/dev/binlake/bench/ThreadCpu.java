package dev.binlake.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * CPU time of this JVM's Java threads, grouped by name (digits folded to N), sampled every 200 ms
 * so threads that end before the report (the engine's) still count. The rest of the process's CPU
 * is the JVM's own threads: garbage collection, JIT compilation.
 */
final class ThreadCpu {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final Map<Long, String> NAMES = new ConcurrentHashMap<>();
  private static final Map<Long, Long> LAST_CPU = new ConcurrentHashMap<>();

  private ThreadCpu() {}

  static void track() {
    if (!THREADS.isThreadCpuTimeSupported()) {
      return;
    }
    THREADS.setThreadCpuTimeEnabled(true);
    Thread sampler =
        new Thread(
            () -> {
              while (true) {
                sample();
                try {
                  Thread.sleep(200);
                } catch (InterruptedException e) {
                  return;
                }
              }
            },
            "bench-thread-cpu");
    sampler.setDaemon(true);
    sampler.start();
  }

  private static void sample() {
    long[] ids = THREADS.getAllThreadIds();
    ThreadInfo[] infos = THREADS.getThreadInfo(ids);
    for (int i = 0; i < ids.length; i++) {
      long cpu = THREADS.getThreadCpuTime(ids[i]);
      if (cpu >= 0 && infos[i] != null) {
        NAMES.put(ids[i], infos[i].getThreadName().replaceAll("[0-9]+", "N"));
        LAST_CPU.merge(ids[i], cpu, Math::max);
      }
    }
  }

  /** Seconds of CPU per thread group, largest first, and "jvm (gc, jit, ...)" for the rest. */
  static Map<String, Object> report(double processCpuSeconds) {
    sample();
    Map<String, Double> groups = new HashMap<>();
    LAST_CPU.forEach((id, cpu) -> groups.merge(NAMES.get(id), cpu / 1e9, Double::sum));
    double threads = groups.values().stream().mapToDouble(Double::doubleValue).sum();
    Map<String, Object> out = new LinkedHashMap<>();
    groups.entrySet().stream()
        .filter(e -> e.getValue() >= 0.05)
        .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
        .forEach(e -> out.put(e.getKey(), round(e.getValue())));
    out.put("jvm (gc, jit, ...)", round(processCpuSeconds - threads));
    return out;
  }

  private static double round(double seconds) {
    return Double.parseDouble(String.format(Locale.ROOT, "%.2f", seconds));
  }
}
