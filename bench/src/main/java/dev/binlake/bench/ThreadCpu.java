package dev.binlake.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * CPU time of this JVM's Java threads, grouped by name (digits folded to N), sampled every 200 ms
 * so threads that end before the report (the engine's) still count. The JVM's own threads are read
 * from {@code /proc/self/task} (Linux): garbage collection and JIT compilation apart, the rest of
 * the process's CPU as "jvm: other".
 */
final class ThreadCpu {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final Map<Long, String> NAMES = new ConcurrentHashMap<>();
  private static final Map<Long, Long> LAST_CPU = new ConcurrentHashMap<>();
  private static final Map<String, Long> NATIVE_CPU = new ConcurrentHashMap<>();
  private static final Map<String, String> NATIVE_GROUP = new ConcurrentHashMap<>();
  private static final Path TASKS = Path.of("/proc/self/task");
  private static final double TICKS_PER_SECOND = 100.0; // USER_HZ on Linux

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
    sampleJvmThreads();
  }

  /** CPU ticks of the JVM's garbage collection and compiler threads, by native thread id. */
  private static void sampleJvmThreads() {
    if (!Files.isDirectory(TASKS)) {
      return;
    }
    try (DirectoryStream<Path> tasks = Files.newDirectoryStream(TASKS)) {
      for (Path task : tasks) {
        try {
          String stat = Files.readString(task.resolve("stat"));
          int open = stat.indexOf('(');
          int close = stat.lastIndexOf(')');
          String group = jvmGroup(stat.substring(open + 1, close));
          if (group == null) {
            continue;
          }
          String[] fields = stat.substring(close + 2).split(" ");
          long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime
          String tid = task.getFileName().toString();
          NATIVE_GROUP.put(tid, group);
          NATIVE_CPU.merge(tid, ticks, Math::max);
        } catch (IOException | RuntimeException e) {
          // the thread ended while it was read
        }
      }
    } catch (IOException e) {
      // no per-thread figures for the JVM's own threads
    }
  }

  private static String jvmGroup(String name) {
    if (name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler")) {
      return "jvm: jit";
    }
    return name.startsWith("GC Thread") || name.startsWith("G1 ") ? "jvm: gc" : null;
  }

  /**
   * Seconds of CPU per thread group, largest first, then the JVM's garbage collection, JIT
   * compilation and the rest ("jvm: other").
   */
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
    Map<String, Double> jvm = new HashMap<>();
    NATIVE_CPU.forEach(
        (tid, ticks) -> jvm.merge(NATIVE_GROUP.get(tid), ticks / TICKS_PER_SECOND, Double::sum));
    double jvmThreads = 0;
    for (String group : List.of("jvm: gc", "jvm: jit")) {
      double seconds = jvm.getOrDefault(group, 0.0);
      out.put(group, round(seconds));
      jvmThreads += seconds;
    }
    out.put("jvm: other", round(processCpuSeconds - threads - jvmThreads));
    return out;
  }

  private static double round(double seconds) {
    return Double.parseDouble(String.format(Locale.ROOT, "%.2f", seconds));
  }
}
