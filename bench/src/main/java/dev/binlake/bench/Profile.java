package dev.binlake.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/** Summarizes a JFR recording's execution samples: top leaf frames, top project frames, threads. */
final class Profile {
  private static final List<String> JDK = List.of("java.", "javax.", "jdk.", "sun.", "com.sun.");

  /**
   * Where a sample's time goes, by the first of these frames (in this order) on its stack: the
   * stages of Debezium's binlog thread and of binlake's consumer.
   */
  private static final List<List<String>> STAGES =
      List.of(
          List.of("debezium: metrics LastEvent text", "EventMetadataProvider.toSummaryString"),
          List.of("binlake: chunk row offsets", "dev.binlake.capture.snapshot.SnapshotOffsets"),
          List.of("debezium: snapshot state in offset", "IncrementalSnapshotContext.store"),
          List.of("debezium: chunk query (JDBC)", "org.mariadb.jdbc."),
          List.of("debezium: transaction metadata", "io.debezium.pipeline.txmetadata."),
          List.of("debezium: source info struct", "SourceInfoStructMaker."),
          List.of("debezium: row to Struct", "io.debezium.relational.TableSchemaBuilder"),
          List.of("debezium: change event emit", "io.debezium.relational.RelationalChangeRecord"),
          List.of("debezium: dispatch", "io.debezium.pipeline.EventDispatcher."),
          List.of("binlog client: decode", "com.github.shyiko.mysql.binlog.event.deserialization."),
          List.of("debezium: binlog event handling", "BinlogStreamingChangeEventSource."),
          List.of("binlake: offset JSON", "dev.binlake.capture.mapping.RecordMapper.offsetOf"),
          List.of("binlake: record mapping", "dev.binlake.capture.mapping.RecordMapper.map"),
          List.of("binlake: Parquet writing", "dev.binlake.files.ParquetChangeWriter."),
          List.of("binlake: sink", "dev.binlake.capture.sink."),
          List.of("debezium: engine commit", "AsyncEmbeddedEngine$SourceRecordCommitter"),
          List.of("binlake: capture loop", "dev.binlake.capture.Capture.handleBatch"),
          List.of("debezium: chunk window", "IncrementalSnapshotChangeEventSource"),
          List.of("debezium: engine convert", "io.debezium.embedded."));

  private Profile() {}

  static Map<String, Object> summarize(Path jfr, int top) throws IOException {
    Map<String, Integer> leaves = new HashMap<>();
    Map<String, Integer> firstNonJdk = new HashMap<>();
    Map<String, Integer> threads = new HashMap<>();
    Map<String, Integer> inclusive = new HashMap<>();
    Map<String, Integer> packages = new HashMap<>();
    Map<String, Integer> stages = new HashMap<>();
    int samples = 0;
    for (RecordedEvent event : RecordingFile.readAllEvents(jfr)) {
      if (!event.getEventType().getName().equals("jdk.ExecutionSample")
          || event.getStackTrace() == null
          || event.getStackTrace().getFrames().isEmpty()) {
        continue;
      }
      samples++;
      List<RecordedFrame> frames = event.getStackTrace().getFrames();
      leaves.merge(name(frames.get(0)), 1, Integer::sum);
      for (RecordedFrame frame : frames) {
        String name = name(frame);
        if (JDK.stream().noneMatch(name::startsWith)) {
          firstNonJdk.merge(name, 1, Integer::sum);
          packages.merge(packageOf(frame), 1, Integer::sum);
          break;
        }
      }
      stages.merge(stageOf(frames), 1, Integer::sum);
      java.util.Set<String> once = new java.util.HashSet<>();
      for (RecordedFrame frame : frames) {
        String name = name(frame);
        if ((name.startsWith("dev.binlake.") || name.startsWith("io.debezium."))
            && once.add(name)) {
          inclusive.merge(name, 1, Integer::sum);
        }
      }
      String thread =
          event.getThread("sampledThread") == null
              ? "?"
              : event.getThread("sampledThread").getJavaName();
      threads.merge(thread == null ? "?" : thread.replaceAll("[0-9]+", "N"), 1, Integer::sum);
    }
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("samples", samples);
    summary.put("top_leaf_frames", top(leaves, samples, top));
    summary.put("top_non_jdk_frames", top(firstNonJdk, samples, top));
    summary.put("by_package_of_first_non_jdk_frame", top(packages, samples, top));
    summary.put("top_inclusive_binlake_debezium_frames", top(inclusive, samples, 40));
    summary.put("threads", top(threads, samples, 8));
    summary.put("stages", top(stages, samples, STAGES.size() + 1));
    return summary;
  }

  private static String stageOf(List<RecordedFrame> frames) {
    for (List<String> stage : STAGES) {
      for (RecordedFrame frame : frames) {
        if (name(frame).contains(stage.get(1))) {
          return stage.get(0);
        }
      }
    }
    return "other (start-up, JDK, ...)";
  }

  /** The first four segments of the frame's package (dev.binlake.capture.sink, ...). */
  private static String packageOf(RecordedFrame frame) {
    String type = frame.getMethod().getType().getName();
    String[] parts = type.substring(0, Math.max(0, type.lastIndexOf('.'))).split("\\.");
    return String.join(".", java.util.Arrays.asList(parts).subList(0, Math.min(4, parts.length)));
  }

  private static String name(RecordedFrame frame) {
    return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
  }

  private static Map<String, String> top(Map<String, Integer> counts, int total, int n) {
    Map<String, String> out = new LinkedHashMap<>();
    counts.entrySet().stream()
        .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
        .limit(n)
        .forEach(
            e ->
                out.put(
                    e.getKey(),
                    String.format(java.util.Locale.ROOT, "%.1f%%", 100.0 * e.getValue() / total)));
    return out;
  }
}
