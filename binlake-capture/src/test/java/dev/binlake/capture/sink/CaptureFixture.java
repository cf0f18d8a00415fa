package dev.binlake.capture.sink;

import dev.binlake.api.ObjectStore;
import dev.binlake.api.Op;
import dev.binlake.api.OrderKey;
import dev.binlake.api.StoredObject;
import dev.binlake.capture.Capture;
import dev.binlake.capture.SourceSettings;
import dev.binlake.capture.TableFilter;
import dev.binlake.capture.offset.CheckpointStore;
import dev.binlake.files.Codec;
import dev.binlake.files.ParquetChangeReader;
import dev.binlake.files.RollingPolicy;
import dev.binlake.testing.ThrowawayMariaDb;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * A real capture engine feeding a {@link ChangeSink} on a given store, for tests that crash it and
 * read what was stored. Each {@link #start} builds a new sink (a restarted process) on the same
 * state folder.
 */
final class CaptureFixture {
  /** One stored change: its file, op, order key and first column's value. */
  record StoredRow(String key, Op op, OrderKey orderKey, Object id) {}

  private final SourceSettings source;
  private final Path state;
  private final RollingPolicy policy;
  private ChangeSink sink;

  CaptureFixture(
      ThrowawayMariaDb server, String db, long serverId, Path state, RollingPolicy policy) {
    this.source =
        new SourceSettings(
            server.host(),
            server.port(),
            "root",
            "",
            serverId,
            new TableFilter(List.of(db + ".%"), List.of()),
            SourceSettings.Flavor.MARIADB,
            Duration.ofSeconds(5));
    this.state = state;
    this.policy = policy;
  }

  SourceSettings source() {
    return source;
  }

  /** The sink of the last {@link #start}. */
  ChangeSink sink() {
    return sink;
  }

  /** Starts capture (a new process) from what the state folder and the store say. */
  Capture start(ObjectStore store) {
    return start(store, false);
  }

  /** {@link #start}, streaming with binlake's own binlog reader if {@code direct}. */
  Capture start(ObjectStore store, boolean direct) {
    sink =
        new ChangeSink(
            store,
            new NoEvents(),
            new CheckpointStore(state),
            new SinkSettings("", policy, Codec.SNAPPY, state.resolve("work"), "local"),
            Clock.systemUTC());
    Capture capture = new Capture(source, state, sink, "minimal");
    if (direct) {
      capture.preferDirectReader();
    }
    capture.start(sink.recover());
    return capture;
  }

  /** The keys of stored objects that contain {@code part}. */
  static List<String> keys(ObjectStore store, String part) {
    return store.list("").stream().map(StoredObject::key).filter(k -> k.contains(part)).toList();
  }

  /** Every change in the stored files whose key contains {@code part}. */
  static List<StoredRow> rows(ObjectStore store, String part, Path temp) throws Exception {
    List<StoredRow> rows = new java.util.ArrayList<>();
    Path file = temp.resolve("read.parquet");
    for (String key : keys(store, part)) {
      try (InputStream in = store.open(key)) {
        Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
      }
      ParquetChangeReader.readRows(
          file,
          (op, commit, orderKey, values) -> rows.add(new StoredRow(key, op, orderKey, values[0])));
    }
    return rows;
  }
}
