package dev.binlake.bench;

import dev.binlake.capture.DebeziumProperties;
import dev.binlake.capture.SourceSettings;
import dev.binlake.capture.TableFilter;
import dev.binlake.capture.offset.CheckpointOffsetStore;
import io.debezium.embedded.Connect;
import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.RecordChangeEvent;
import io.debezium.engine.format.ChangeEventFormat;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * The capture baseline: the same Debezium engine binlake builds (same engine factory, the
 * properties of {@link DebeziumProperties}) with a consumer that only counts and drops events.
 * Offsets go to a plain file.
 */
final class NoopDebezium {
  private NoopDebezium() {}

  /** binlake's own engine properties, with a file offset store instead of binlake's checkpoint. */
  static Properties properties(
      String host,
      int port,
      String user,
      String password,
      long serverId,
      Path stateDir,
      String database,
      long offsetFlushMs) {
    SourceSettings source =
        new SourceSettings(
            host,
            port,
            user,
            password,
            serverId,
            new TableFilter(List.of(database + ".%"), List.of()),
            SourceSettings.Flavor.MARIADB,
            Duration.ofSeconds(10));
    Properties props = DebeziumProperties.of(source, stateDir, "minimal");
    props.setProperty("name", "binlake-bench-noop");
    props.remove(CheckpointOffsetStore.STATE_DIR);
    props.setProperty("offset.storage", "org.apache.kafka.connect.storage.FileOffsetBackingStore");
    props.setProperty("offset.storage.file.filename", stateDir.resolve("offsets.dat").toString());
    props.setProperty("offset.flush.interval.ms", Long.toString(offsetFlushMs));
    return props;
  }

  /**
   * Runs the engine until it has delivered {@code expectedChanges} streamed row changes (or, with
   * 0, until the snapshot is over and a few heartbeats passed, to store a starting offset).
   */
  static Map<String, Object> run(Properties props, long expectedChanges, long timeoutSeconds)
      throws Exception {
    AtomicLong changes = new AtomicLong();
    AtomicLong snapshotReads = new AtomicLong();
    AtomicLong heartbeats = new AtomicLong();
    AtomicLong firstNanos = new AtomicLong();
    CountDownLatch done = new CountDownLatch(1);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    long start = System.nanoTime();
    DebeziumEngine<RecordChangeEvent<SourceRecord>> engine =
        DebeziumEngine.create(ChangeEventFormat.of(Connect.class))
            .using(props)
            .notifying(
                (List<RecordChangeEvent<SourceRecord>> records,
                    DebeziumEngine.RecordCommitter<RecordChangeEvent<SourceRecord>> committer) -> {
                  for (RecordChangeEvent<SourceRecord> event : records) {
                    SourceRecord record = event.record();
                    if (isChange(record)) {
                      if ("r".equals(((Struct) record.value()).getString("op"))) {
                        snapshotReads.incrementAndGet();
                      } else if (changes.incrementAndGet() == 1) {
                        firstNanos.set(System.nanoTime());
                      }
                    } else if (record.topic().startsWith("__debezium-heartbeat")) {
                      heartbeats.incrementAndGet();
                    }
                    committer.markProcessed(event);
                  }
                  committer.markBatchFinished();
                  boolean finished =
                      expectedChanges > 0
                          ? changes.get() >= expectedChanges
                          : heartbeats.get() >= 3;
                  if (finished) {
                    done.countDown();
                  }
                })
            .using(
                (boolean success, String message, Throwable error) -> {
                  if (!success) {
                    failure.compareAndSet(
                        null, error != null ? error : new IllegalStateException(message));
                  }
                  done.countDown();
                })
            .build();
    ExecutorService thread = Executors.newSingleThreadExecutor();
    thread.execute(engine);
    boolean finished = done.await(timeoutSeconds, TimeUnit.SECONDS);
    long end = System.nanoTime();
    engine.close();
    thread.shutdown();
    thread.awaitTermination(60, TimeUnit.SECONDS);
    if (failure.get() != null) {
      throw new IllegalStateException("Debezium engine failed: " + failure.get(), failure.get());
    }
    if (!finished) {
      throw new IllegalStateException(
          "Debezium engine saw only "
              + changes.get()
              + " of "
              + expectedChanges
              + " changes within "
              + timeoutSeconds
              + " s");
    }
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("seconds", (end - start) / 1e9);
    result.put("rows", changes.get());
    result.put("snapshot_reads", snapshotReads.get());
    result.put(
        "seconds_after_first_change", firstNanos.get() == 0 ? 0 : (end - firstNanos.get()) / 1e9);
    return result;
  }

  private static boolean isChange(SourceRecord record) {
    return record.valueSchema() != null
        && record.valueSchema().name() != null
        && record.valueSchema().name().endsWith(".Envelope");
  }
}
