package dev.binlake.capture.sink;

import static dev.binlake.capture.sink.CaptureFixture.keys;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import dev.binlake.capture.Capture;
import dev.binlake.capture.preflight.Preflight;
import dev.binlake.capture.snapshot.ChunkedSnapshot;
import dev.binlake.files.RollingPolicy;
import dev.binlake.testing.ThrowawayMariaDb;
import dev.binlake.testing.junit.WithMariaDb;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A crash right after a chunked-snapshot file is stored, while inserts stream in, on the real
 * Debezium engine. Debezium emits a chunk's rows when the first binlog event after the chunk's
 * window arrives, and gives them that event's offset ("after this row"); a checkpoint written after
 * the chunk's file then resumed past the streamed insert that closed the window, which was lost
 * when its own file was not stored yet (the kill campaign's {@code missing [I 30002]}).
 */
@WithMariaDb
class ChunkWindowCrashIT {
  private static final int ROWS = 20_000;

  @TempDir Path temp;

  @AfterEach
  void clearChunkSize() {
    System.clearProperty(ChunkedSnapshot.CHUNK_ROWS_PROPERTY);
  }

  @Test
  void crashAfterAChunkFileLosesNoStreamedChange(ThrowawayMariaDb server) throws Exception {
    System.setProperty(ChunkedSnapshot.CHUNK_ROWS_PROPERTY, "4000");
    String db = server.createDatabase("chunkcrash");
    server.executeIn(
        db,
        "CREATE TABLE t (id BIGINT PRIMARY KEY, v INT)",
        "INSERT INTO t SELECT seq, 0 FROM seq_1_to_" + ROWS);
    CaptureFixture fixture =
        new CaptureFixture(
            server,
            db,
            5421,
            temp.resolve("state"),
            new RollingPolicy(Duration.ofMillis(200), 64 << 20));
    CrashingStore store = new CrashingStore();

    // First run: once the snapshot's rows flow, inserts stream in (one per transaction, so chunk
    // windows close on inserts); the process "dies" right after a later chunk file is stored.
    Capture first = fixture.start(store);
    await().atMost(Duration.ofSeconds(90)).until(() -> fixture.sink().counters().written() > 0);
    AtomicBoolean stop = new AtomicBoolean();
    Set<Long> inserted = ConcurrentHashMap.newKeySet();
    Thread writer = writer(server, db, stop, inserted);
    writer.start();
    await().atMost(Duration.ofSeconds(30)).until(() -> inserted.size() >= 20);
    // A chunk file stored after an insert's file: windows now close on inserts.
    store.crashAfter(key -> key.contains("/LOAD") && !keys(store, "/2").isEmpty());
    try {
      await().atMost(Duration.ofSeconds(90)).until(() -> store.refused.get() > 0);
    } finally {
      catchThrowable(first::close);
      stop.set(true);
      writer.join();
    }

    // Second run: resume from the checkpoint, finish the snapshot and catch up.
    store.crash.set(false);
    Capture second = fixture.start(store);
    second.awaitPosition(
        new Preflight(fixture.source()).check().binlogEnd(), Duration.ofSeconds(120));
    second.close();

    Map<Long, Integer> snapshotRows = count(store, "/LOAD");
    Map<Long, Integer> streamedRows = count(store, "/2"); // CDC files are named by time
    Set<Long> snapshotIds = new TreeSet<>();
    for (long id = 1; id <= ROWS; id++) {
      snapshotIds.add(id);
    }
    assertThat(snapshotRows.keySet()).as("the snapshot's rows").isEqualTo(snapshotIds);
    assertThat(snapshotRows.values()).as("snapshot rows stored twice").allMatch(n -> n == 1);
    assertThat(new TreeSet<>(streamedRows.keySet()))
        .as("inserts streamed after the snapshot began")
        .isEqualTo(new TreeSet<>(inserted));
    assertThat(streamedRows.values()).as("streamed inserts stored twice").allMatch(n -> n == 1);
  }

  private static Thread writer(
      ThrowawayMariaDb server, String db, AtomicBoolean stop, Set<Long> inserted) {
    return new Thread(
        () -> {
          try (Connection connection = server.connect(db);
              Statement statement = connection.createStatement()) {
            for (long id = 1_000_001; !stop.get(); id++) {
              statement.execute("INSERT INTO t VALUES (" + id + ", 1)");
              inserted.add(id);
              Thread.sleep(2);
            }
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        },
        "writer");
  }

  /** How often each id occurs in the stored files whose key contains {@code part}. */
  private Map<Long, Integer> count(CrashingStore store, String part) throws Exception {
    Map<Long, Integer> counts = new HashMap<>();
    for (CaptureFixture.StoredRow row : CaptureFixture.rows(store, part, temp)) {
      counts.merge(((Number) row.id()).longValue(), 1, Integer::sum);
    }
    return counts;
  }
}
