package dev.binlake.lambda;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Invokes {@link LoadHandler} the way Lambda's runtime does (no-argument constructor, settings from
 * the environment, the event as a map) in its own JVM, then prints the result and the heap's peak
 * use: {@code RESULT …}, {@code PEAK_HEAP_BYTES n}, {@code MAX_HEAP_BYTES n}, {@code MILLIS n} and,
 * on Linux, {@code PEAK_RSS_BYTES n} (the process's resident-set high-water mark, VmHWM). Usage:
 * {@code java -cp <lambda jar>:<test classes> dev.binlake.lambda.HandlerProcess event.json}.
 */
public final class HandlerProcess {
  private HandlerProcess() {}

  public static void main(String[] args) throws Exception {
    Map<String, Object> event =
        new ObjectMapper()
            .readValue(
                Files.readString(Path.of(args[0])), new TypeReference<Map<String, Object>>() {});
    long start = System.nanoTime();
    try (LoadHandler handler = new LoadHandler()) {
      System.out.println("RESULT " + handler.handleRequest(event, new FakeContext()));
    }
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    System.out.println("PEAK_HEAP_BYTES " + peak);
    System.out.println("MAX_HEAP_BYTES " + Runtime.getRuntime().maxMemory());
    System.out.println("MILLIS " + (System.nanoTime() - start) / 1_000_000);
    Path status = Path.of("/proc/self/status");
    if (Files.isReadable(status)) {
      for (String line : Files.readAllLines(status)) {
        if (line.startsWith("VmHWM:")) { // "VmHWM:   123456 kB"
          long kb = Long.parseLong(line.replaceAll("[^0-9]", ""));
          System.out.println("PEAK_RSS_BYTES " + kb * 1024);
        }
      }
    }
  }
}
