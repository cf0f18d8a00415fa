package dev.binlake.capture.sink;

import dev.binlake.api.ChangeRecord;
import dev.binlake.api.Column;
import dev.binlake.api.ColumnType;
import dev.binlake.api.EventRule;
import dev.binlake.api.EventTransport;
import dev.binlake.api.ObjectCreated;
import dev.binlake.api.ObjectStore;
import dev.binlake.api.Op;
import dev.binlake.api.OrderKey;
import dev.binlake.api.SourceOffset;
import dev.binlake.api.TableId;
import dev.binlake.api.TableSchema;
import dev.binlake.capture.mapping.Captured;
import dev.binlake.capture.offset.CheckpointStore;
import dev.binlake.files.Codec;
import dev.binlake.files.RollingPolicy;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Change sinks on a test clock, with the events they publish collected, and the records the sink
 * tests feed them: change {@code n} has offset {@code n} ({@code mariadb-bin.000001:n}) and order
 * key {@code 1-(1000 + n)}; even changes are of {@link #ORDERS}, odd ones of {@link #ITEMS}.
 */
final class SinkFixture {
  static final TableId ORDERS = new TableId("shop", "orders");
  static final TableId ITEMS = new TableId("shop", "items");

  final MutableClock clock = new MutableClock();
  final List<ObjectCreated> published = new ArrayList<>();
  private final Path temp;

  SinkFixture(Path temp) {
    this.temp = temp;
  }

  /** A sink with its state in {@code temp/state}, rolling files at 32 MB or {@code interval}. */
  ChangeSink sink(ObjectStore store, Duration interval) {
    return sink(store, temp.resolve("state"), interval, 32L << 20);
  }

  ChangeSink sink(ObjectStore store, Path state, Duration interval, long minSize) {
    return new ChangeSink(
        store,
        new Events(),
        new CheckpointStore(state),
        new SinkSettings(
            "", new RollingPolicy(interval, minSize), Codec.SNAPPY, state.resolve("work"), "local"),
        clock);
  }

  /** Inserts {@code from} (inclusive) to {@code to} (exclusive). */
  static List<Captured> stream(int from, int to) {
    List<Captured> records = new ArrayList<>();
    for (int i = from; i < to; i++) {
      records.add(change(i, schema(i % 2 == 0 ? ORDERS : ITEMS, "id"), Op.INSERT));
    }
    return records;
  }

  static Captured change(int n, TableSchema schema, Op op) {
    Object[] values = new Object[schema.columns().size()];
    values[0] = (long) n;
    return new Captured.Change(
        new ChangeRecord(
            schema,
            op,
            ChangeRecord.Phase.STREAM,
            OrderKey.streamed(1, 1000 + n, 0, 0),
            1_700_000_000_000_000L + n,
            values,
            offset(n)),
        false);
  }

  static SourceOffset offset(int n) {
    return new SourceOffset("{\"n\":" + n + "}", "mariadb-bin.000001", n);
  }

  /** Column {@code id} is a NOT NULL BIGINT and the key; the others nullable strings. */
  static TableSchema schema(TableId table, String... columns) {
    List<Column> list = new ArrayList<>();
    for (String column : columns) {
      list.add(
          new Column(
              column,
              ColumnType.of(column.equals("id") ? ColumnType.Kind.INT64 : ColumnType.Kind.STRING),
              !column.equals("id"),
              ""));
    }
    return new TableSchema(table, list, List.of("id"));
  }

  private final class Events implements EventTransport {
    @Override
    public void publish(ObjectCreated event) {
      published.add(event);
    }

    @Override
    public Subscription subscribe(EventRule rule, EventHandler handler) {
      return () -> {};
    }
  }

  static final class MutableClock extends Clock {
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");

    void advance(Duration duration) {
      now = now.plus(duration);
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
