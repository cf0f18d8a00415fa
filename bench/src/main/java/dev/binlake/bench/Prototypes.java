package dev.binlake.bench;

import dev.binlake.api.EventRule;
import dev.binlake.api.EventTransport;
import dev.binlake.api.ObjectCreated;
import dev.binlake.capture.offset.CheckpointStore;
import dev.binlake.capture.sink.ChangeSink;
import dev.binlake.capture.sink.SinkSettings;
import dev.binlake.files.Codec;
import dev.binlake.files.RollingPolicy;
import dev.binlake.storage.LocalObjectStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;

/** What the prototype paths share: binlake's own sink, and the check of their files. */
final class Prototypes {
  private Prototypes() {}

  /** binlake's sink as `binlake run` sets it up, storing to {@code dir/lake}; no events sent. */
  static ChangeSink sink(Path dir) {
    return new ChangeSink(
        new LocalObjectStore(dir.resolve("lake")),
        new NoEvents(),
        new CheckpointStore(dir.resolve("state")),
        new SinkSettings(
            "",
            new RollingPolicy(Duration.ofSeconds(60), 32L << 20),
            Codec.SNAPPY,
            dir.resolve("state/work"),
            "local"),
        Clock.systemUTC());
  }

  /** Rows in one query's result and not the other's, both ways, duplicates counted (DuckDB). */
  static long differences(String left, String right) throws Exception {
    try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
        Statement statement = connection.createStatement();
        ResultSet rs =
            statement.executeQuery(
                "SELECT (SELECT count(*) FROM ("
                    + left
                    + " EXCEPT ALL "
                    + right
                    + ")) + (SELECT count(*) FROM ("
                    + right
                    + " EXCEPT ALL "
                    + left
                    + "))")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** Events go nowhere: the benchmark counts stored files. */
  private static final class NoEvents implements EventTransport {
    @Override
    public void publish(ObjectCreated event) {}

    @Override
    public Subscription subscribe(EventRule rule, EventHandler handler) {
      return () -> {};
    }
  }
}
