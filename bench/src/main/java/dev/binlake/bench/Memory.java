package dev.binlake.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Peak memory of this JVM: heap pools' peak usage and the process's peak RSS (VmHWM). */
final class Memory {
  private static final java.util.concurrent.atomic.AtomicLong PEAK_AT_GC =
      new java.util.concurrent.atomic.AtomicLong();

  private Memory() {}

  /**
   * Watches every garbage collection: the heap in use just before a collection is where the heap
   * peaks, so the largest of those (and of the heap in use at the end) is the peak heap.
   */
  static void track() {
    java.util.Set<String> heapPools = new java.util.HashSet<>();
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        heapPools.add(pool.getName());
      }
    }
    for (java.lang.management.GarbageCollectorMXBean gc :
        ManagementFactory.getGarbageCollectorMXBeans()) {
      if (gc instanceof javax.management.NotificationEmitter emitter) {
        emitter.addNotificationListener(
            (notification, handback) -> {
              if (notification
                  .getType()
                  .equals(
                      com.sun.management.GarbageCollectionNotificationInfo
                          .GARBAGE_COLLECTION_NOTIFICATION)) {
                com.sun.management.GarbageCollectionNotificationInfo info =
                    com.sun.management.GarbageCollectionNotificationInfo.from(
                        (javax.management.openmbean.CompositeData) notification.getUserData());
                long used = 0;
                for (Map.Entry<String, java.lang.management.MemoryUsage> pool :
                    info.getGcInfo().getMemoryUsageBeforeGc().entrySet()) {
                  if (heapPools.contains(pool.getKey())) {
                    used += pool.getValue().getUsed();
                  }
                }
                PEAK_AT_GC.accumulateAndGet(used, Math::max);
              }
            },
            null,
            null);
      }
    }
  }

  /** The largest heap in use seen before a collection or now. */
  static double peakHeapAtGcMb() {
    long now = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    return Math.max(PEAK_AT_GC.get(), now) / 1048576.0;
  }

  /**
   * Sum of the heap pools' peak usage. Pools peak at different moments, so this is an upper bound
   * of the true peak heap (by at most the young generation's size).
   */
  static double poolPeaksSumMb() {
    long bytes = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
        bytes += pool.getPeakUsage().getUsed();
      }
    }
    return bytes / 1048576.0;
  }

  /** Peak resident set size from /proc/self/status, or -1 where there is no /proc. */
  static double peakRssMb() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
        }
      }
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
    return -1;
  }

  static Map<String, Object> report() {
    Map<String, Object> memory = new LinkedHashMap<>();
    memory.put("peak_heap_mb", Math.round(peakHeapAtGcMb() * 10) / 10.0);
    memory.put("heap_pool_peaks_sum_mb", Math.round(poolPeaksSumMb() * 10) / 10.0);
    memory.put("peak_rss_mb", Math.round(peakRssMb() * 10) / 10.0);
    memory.put("max_heap_mb", Runtime.getRuntime().maxMemory() / 1048576);
    return memory;
  }
}
