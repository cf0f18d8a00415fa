package dev.binlake.capture.sink;

import static dev.binlake.capture.sink.SinkFixture.ITEMS;
import static dev.binlake.capture.sink.SinkFixture.ORDERS;
import static dev.binlake.capture.sink.SinkFixture.change;
import static dev.binlake.capture.sink.SinkFixture.offset;
import static dev.binlake.capture.sink.SinkFixture.schema;
import static dev.binlake.capture.sink.SinkFixture.stream;
import static org.assertj.core.api.Assertions.assertThat;

import dev.binlake.api.ChangeRecord;
import dev.binlake.api.ObjectCreated;
import dev.binlake.api.Op;
import dev.binlake.api.OrderKey;
import dev.binlake.api.SourceOffset;
import dev.binlake.api.TableId;
import dev.binlake.api.TableSchema;
import dev.binlake.capture.mapping.Captured;
import dev.binlake.capture.offset.CheckpointStore;
import dev.binlake.files.ParquetChangeReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChangeSinkTest {
  @TempDir Path temp;
  private SinkFixture fixture;
  private SinkFixture.MutableClock clock;
  private List<ObjectCreated> published;

  @BeforeEach
  void createFixture() {
    fixture = new SinkFixture(temp);
    clock = fixture.clock;
    published = fixture.published;
  }

  @Test
  void storesFileThenCheckpointsThenPublishes() {
    InMemoryStore store = new InMemoryStore();
    try (ChangeSink sink = fixture.sink(store, Duration.ofSeconds(60))) {
      sink.recover();
      stream(0, 10).forEach(sink::accept);
      assertThat(store.keys()).isEmpty();
      sink.flush();
    }
    assertThat(store.keys()).hasSize(2);
    assertThat(published)
        .extracting(ObjectCreated::key)
        .containsExactlyInAnyOrderElementsOf(store.keys());
    assertThat(new CheckpointStore(temp.resolve("state")).read().resumeOffset())
        .contains(offset(9));
  }

  @Test
  void rollsByAgeOnTick() {
    InMemoryStore store = new InMemoryStore();
    try (ChangeSink sink = fixture.sink(store, Duration.ofMillis(500))) {
      sink.recover();
      stream(0, 4).forEach(sink::accept);
      sink.tick();
      assertThat(store.keys()).isEmpty();
      clock.advance(Duration.ofMillis(500));
      sink.tick();
      assertThat(store.keys()).hasSize(2);
    }
  }

  @Test
  void resumeOffsetIsJustBeforeTheOldestBufferedRecord() {
    InMemoryStore store = new InMemoryStore();
    try (ChangeSink sink = fixture.sink(store, Duration.ofSeconds(60))) {
      sink.recover();
      List<Captured> records = stream(0, 6); // even: orders, odd: items
      records.forEach(sink::accept);
      assertThat(sink.resumeOffset()).isEmpty(); // nothing before the first record
      sink.flush();
      stream(6, 9).forEach(sink::accept); // 6 orders, 7 items, 8 orders
      assertThat(sink.resumeOffset()).contains(offset(5));
    }
  }

  /** A crash at any record, then a restart that replays from the checkpoint: each change once. */
  @Test
  void crashAndReplayStoresEveryChangeExactlyOnce() throws Exception {
    List<Captured> all = stream(0, 60);
    for (int crashAt = 1; crashAt < all.size(); crashAt += 7) {
      Path state = temp.resolve("crash-" + crashAt);
      InMemoryStore store = new InMemoryStore();
      ChangeSink first = fixture.sink(store, state, Duration.ofSeconds(60), 2_000);
      first.recover();
      for (int i = 0; i < crashAt; i++) {
        first.accept(all.get(i));
        clock.advance(Duration.ofMillis(10));
        if (i % 9 == 0) {
          first.tick();
        }
      }
      first.close(); // a crash: open files are lost, no flush
      ChangeSink second = fixture.sink(store, state, Duration.ofSeconds(60), 2_000);
      Optional<SourceOffset> resume = second.recover();
      int from = resume.map(o -> (int) o.binlogPosition() + 1).orElse(0);
      all.subList(from, all.size()).forEach(second::accept);
      second.flush();
      second.close();
      assertThat(storedKeys(store))
          .as("crash at %d", crashAt)
          .containsExactlyElementsOf(
              all.stream()
                  .map(c -> ((Captured.Change) c).record().orderKey().value())
                  .sorted()
                  .toList());
    }
  }

  /** The file was stored but the checkpoint describing it was lost: the store wins. */
  @Test
  void fileStoredWithoutCheckpointIsNotRepeated() throws Exception {
    InMemoryStore store = new InMemoryStore();
    Path state = temp.resolve("state");
    List<Captured> all = stream(0, 20);
    try (ChangeSink sink = fixture.sink(store, state, Duration.ofSeconds(60), Long.MAX_VALUE)) {
      sink.recover();
      all.subList(0, 10).forEach(sink::accept);
      sink.flush();
    }
    byte[] early = Files.readAllBytes(state.resolve(CheckpointStore.FILE_NAME));
    try (ChangeSink sink = fixture.sink(store, state, Duration.ofSeconds(60), Long.MAX_VALUE)) {
      sink.recover();
      all.subList(10, 20).forEach(sink::accept);
      sink.flush();
    }
    Files.write(state.resolve(CheckpointStore.FILE_NAME), early); // as if never written
    try (ChangeSink sink = fixture.sink(store, state, Duration.ofSeconds(60), Long.MAX_VALUE)) {
      Optional<SourceOffset> resume = sink.recover();
      assertThat(resume).contains(offset(9));
      all.subList(10, 20).forEach(sink::accept);
      sink.flush();
      assertThat(sink.counters().dropped()).isEqualTo(10);
      assertThat(sink.counters().written()).isZero();
    }
    assertThat(storedKeys(store)).hasSize(20).doesNotHaveDuplicates();
  }

  /**
   * Debezium gives the delete and insert halves of a primary-key update one offset. A file rolled
   * between them must not let the checkpoint skip the insert: a restart redelivers both halves.
   */
  @Test
  void primaryKeyUpdateHalvesSharingAnOffsetSurviveARollBetweenThem() throws Exception {
    TableSchema schema = schema(ORDERS, "id");
    List<Captured> stream =
        List.of(
            changeAt(schema, OrderKey.streamed(1, 100, 0, 0), offset(0), false),
            changeAt(schema, OrderKey.streamed(1, 200, 0, 0), offset(1), true), // delete half
            changeAt(schema, OrderKey.streamed(1, 200, 0, 1), offset(1), false), // insert half
            changeAt(schema, OrderKey.streamed(1, 300, 0, 0), offset(2), false));
    InMemoryStore store = new InMemoryStore();
    Path state = temp.resolve("pk-update");
    ChangeSink first = fixture.sink(store, state, Duration.ofSeconds(60), 1); // every record rolls
    first.recover();
    first.accept(stream.get(0));
    first.accept(stream.get(1)); // stored; the insert half is not received yet
    first.close(); // crash
    ChangeSink second = fixture.sink(store, state, Duration.ofSeconds(60), 1);
    Optional<SourceOffset> resume = second.recover();
    replayAfter(resume, stream).forEach(second::accept);
    second.flush();
    second.close();
    assertThat(storedKeys(store))
        .containsExactly(
            OrderKey.streamed(1, 100, 0, 0).value(), OrderKey.streamed(1, 200, 0, 0).value(),
            OrderKey.streamed(1, 200, 0, 1).value(), OrderKey.streamed(1, 300, 0, 0).value());
  }

  /**
   * With transaction metadata on, the two halves of a primary-key update carry different offsets
   * (the transaction's per-table event count differs) that name the same binlog row: resuming at
   * the delete half's offset skips the whole row, insert half included. Here the delete half's file
   * is stored, the insert half opens a new file, and another table's file is stored (which writes a
   * checkpoint) before the crash: the restart must deliver the insert half again.
   */
  @Test
  void primaryKeyUpdateHalvesWithTheirOwnOffsetsSurviveACheckpointBetweenThem() throws Exception {
    TableSchema orders = schema(ORDERS, "id");
    TableSchema items = schema(ITEMS, "id", "note");
    List<Captured> stream =
        List.of(
            changeAt(orders, OrderKey.streamed(1, 100, 0, 0), rowOffset(100, 1), false),
            changeAt(orders, OrderKey.streamed(1, 200, 0, 0), rowOffset(200, 1), true), // delete
            changeAt(orders, OrderKey.streamed(1, 200, 0, 1), rowOffset(200, 2), false), // insert
            bigChange(items, OrderKey.streamed(1, 300, 0, 0), rowOffset(300, 1)));
    InMemoryStore store = new InMemoryStore();
    Path state = temp.resolve("pk-update-own-offsets");
    ChangeSink first = fixture.sink(store, state, Duration.ofSeconds(60), 64 << 10);
    first.recover();
    first.accept(stream.get(0));
    first.accept(stream.get(1));
    first.flush(); // the delete half is stored
    first.accept(stream.get(2)); // the insert half opens a file
    first.accept(stream.get(3)); // stored at once (big): a checkpoint while the insert is open
    assertThat(storedKeys(store)).hasSize(3);
    first.close(); // crash: the insert half's file is lost
    ChangeSink second = fixture.sink(store, state, Duration.ofSeconds(60), 64 << 10);
    Optional<SourceOffset> resume = second.recover();
    replayAfterRow(resume, stream).forEach(second::accept);
    second.flush();
    second.close();
    assertThat(storedKeys(store))
        .containsExactlyInAnyOrder(
            OrderKey.streamed(1, 100, 0, 0).value(), OrderKey.streamed(1, 200, 0, 0).value(),
            OrderKey.streamed(1, 200, 0, 1).value(), OrderKey.streamed(1, 300, 0, 0).value());
  }

  /**
   * The store holds a table's changes but the state folder is gone (deleted after a purged binlog):
   * the new snapshot's rows of that table come after a TRUNCATE marker, so the latest view forgets
   * rows deleted in between; a table history never had gets no marker.
   */
  @Test
  void aNewSnapshotOverStoredHistoryStartsWithATruncateMarker() throws Exception {
    InMemoryStore store = new InMemoryStore();
    try (ChangeSink first = fixture.sink(store, Duration.ofSeconds(60))) {
      first.recover();
      stream(0, 4).forEach(first::accept); // orders and items, streamed at positions 1000..1003
      first.flush();
    }
    Path lostState = temp.resolve("state-after-purge");
    TableSchema orders = schema(ORDERS, "id");
    TableSchema fresh = schema(new TableId("shop", "fresh"), "id");
    try (ChangeSink second = fixture.sink(store, lostState, Duration.ofSeconds(60), 32L << 20)) {
      assertThat(second.recover()).isEmpty();
      second.accept(snapshotRow(orders, 1));
      second.accept(snapshotRow(orders, 2));
      second.accept(snapshotRow(fresh, 3));
      second.flush();
    }
    List<String> changes = new ArrayList<>();
    for (String key : store.keys()) {
      Path file = temp.resolve("read.parquet");
      Files.write(file, store.bytes(key));
      ParquetChangeReader.readRows(
          file,
          (op, commit, orderKey, values) ->
              changes.add(key.split("/")[1] + " " + op.code() + " " + orderKey.value()));
    }
    assertThat(changes.stream().filter(c -> !c.contains("-1-")).sorted())
        .containsExactly(
            "fresh I " + OrderKey.snapshot(2, 4, 3).value(),
            "orders I " + OrderKey.snapshot(2, 4, 1).value(),
            "orders I " + OrderKey.snapshot(2, 4, 2).value(),
            "orders T " + OrderKey.snapshot(2, 4, 0).value());
  }

  private static Captured snapshotRow(TableSchema schema, long sequence) {
    return new Captured.Change(
        new ChangeRecord(
            schema,
            Op.INSERT,
            ChangeRecord.Phase.SNAPSHOT,
            OrderKey.snapshot(2, 4, sequence),
            1_800_000_000_000_000L,
            new Object[] {sequence},
            new SourceOffset("{\"snapshot\":true}", "mariadb-bin.000002", 4)),
        false);
  }

  /** A row's offset as Debezium writes it: the binlog row, and the transaction's event count. */
  private static SourceOffset rowOffset(long position, int eventInTransaction) {
    return new SourceOffset(
        "{\"pos\":" + position + ",\"transaction_order\":" + eventInTransaction + "}",
        "mariadb-bin.000001",
        position);
  }

  /** What Debezium delivers when resuming at {@code resume}: the records of later binlog rows. */
  private static List<Captured> replayAfterRow(
      Optional<SourceOffset> resume, List<Captured> stream) {
    long after = resume.map(SourceOffset::binlogPosition).orElse(-1L);
    return stream.stream().filter(c -> c.offset().binlogPosition() > after).toList();
  }

  private static Captured bigChange(TableSchema schema, OrderKey key, SourceOffset offset) {
    return new Captured.Change(
        new ChangeRecord(
            schema,
            Op.INSERT,
            ChangeRecord.Phase.STREAM,
            key,
            1_700_000_000_000_000L,
            new Object[] {1L, "x".repeat(100_000)},
            offset),
        false,
        false);
  }

  /** What Debezium delivers when resuming at {@code resume}: everything after its last record. */
  private static List<Captured> replayAfter(Optional<SourceOffset> resume, List<Captured> stream) {
    int from = 0;
    for (int i = 0; i < stream.size(); i++) {
      if (resume.isPresent() && stream.get(i).offset().equals(resume.get())) {
        from = i + 1;
      }
    }
    return stream.subList(from, stream.size());
  }

  private static Captured changeAt(
      TableSchema schema, OrderKey key, SourceOffset offset, boolean opensKeyUpdate) {
    return new Captured.Change(
        new ChangeRecord(
            schema,
            Op.INSERT,
            ChangeRecord.Phase.STREAM,
            key,
            1_700_000_000_000_000L,
            new Object[] {1L},
            offset),
        false,
        opensKeyUpdate);
  }

  @Test
  void schemaChangeRollsTheFile() {
    InMemoryStore store = new InMemoryStore();
    try (ChangeSink sink = fixture.sink(store, Duration.ofSeconds(60))) {
      sink.recover();
      sink.accept(change(0, schema(ORDERS, "id"), Op.INSERT));
      sink.accept(change(1, schema(ORDERS, "id", "note"), Op.INSERT));
      sink.flush();
    }
    assertThat(store.keys()).hasSize(2);
  }

  /**
   * A trailing DDL reaches the sink only as progress (its schema change record and the heartbeats
   * after it, all at the DDL transaction's start): while rows are buffered the checkpoint stays
   * before them; once they are stored, and while nothing is open, it moves to the DDL's offset.
   */
  @Test
  void progressOfATrailingDdlWaitsForBufferedRowsToBeStored() {
    InMemoryStore store = new InMemoryStore();
    CheckpointStore checkpoints = new CheckpointStore(temp.resolve("state"));
    try (ChangeSink sink = fixture.sink(store, Duration.ofSeconds(60))) {
      sink.recover();
      sink.accept(change(0, schema(ORDERS, "id"), Op.INSERT));
      sink.flush();
      stream(1, 3).forEach(sink::accept); // buffered: not stored yet
      for (int heartbeat = 0; heartbeat < 3; heartbeat++) {
        sink.accept(new Captured.Progress(offset(3)));
        clock.advance(Duration.ofSeconds(2));
        sink.tick();
      }
      assertThat(checkpoints.read().resumeOffset()).contains(offset(0));
      assertThat(sink.resumeOffset()).contains(offset(0));
      sink.flush();
      assertThat(checkpoints.read().resumeOffset()).contains(offset(3));
      sink.accept(new Captured.Progress(offset(4))); // nothing open: idle progress
      clock.advance(Duration.ofSeconds(2));
      sink.tick();
      assertThat(checkpoints.read().resumeOffset()).contains(offset(4));
    }
    assertThat(store.keys()).hasSize(3);
  }

  private List<String> storedKeys(InMemoryStore store) throws Exception {
    List<String> keys = new ArrayList<>();
    for (String key : store.keys()) {
      Path file = temp.resolve("read.parquet");
      Files.write(file, store.bytes(key));
      ParquetChangeReader.readRows(
          file, (op, commit, orderKey, values) -> keys.add(orderKey.value()));
    }
    return keys.stream().sorted().toList();
  }
}
