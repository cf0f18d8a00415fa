package dev.binlake.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.binlake.api.ChangeFile;
import dev.binlake.api.ChangeRecord;
import dev.binlake.api.Column;
import dev.binlake.api.ColumnType;
import dev.binlake.api.ObjectCreated;
import dev.binlake.api.Op;
import dev.binlake.api.OrderKey;
import dev.binlake.api.SourceOffset;
import dev.binlake.api.TableId;
import dev.binlake.api.TableSchema;
import dev.binlake.files.DmsLayout;
import dev.binlake.files.ParquetChangeWriter;
import dev.binlake.warehouse.duckdb.DuckDbWarehouse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Events arrive several times, out of order, concurrently on three threads, and some never: after
 * the listing pass the warehouse holds exactly what a clean in-order load gives. A corrupt and a
 * foreign file among them are dead-lettered while everything else loads.
 */
class EventFaultsTest {
  private static final TableId A = new TableId("shop", "a");
  private static final TableId B = new TableId("shop", "b");

  @TempDir Path dir;

  @Test
  void duplicatedShuffledAndDroppedEventsEndInTheSameWarehouse() throws Exception {
    long seed = System.nanoTime();
    Random random = new Random(seed);
    InMemoryObjectStore store = new InMemoryObjectStore();
    List<String> keys = new ArrayList<>();
    int id = 0;
    for (int file = 0; file < 30; file++) {
      TableId table = file % 2 == 0 ? A : B;
      List<ChangeRecord> records = new ArrayList<>();
      for (int row = 0; row < 5; row++) {
        int key = 1 + random.nextInt(20);
        Op op = row == 4 && random.nextBoolean() ? Op.DELETE : Op.INSERT;
        records.add(
            record(table, op, OrderKey.streamed(1, 1000L * file + row, 0, 0), key, "v" + id++));
      }
      keys.add(write(store, table, records));
    }
    store.put("shop/a/20260101-000000000-corrupt.parquet", "not parquet".getBytes());
    store.put("shop/b/notes.txt", "a foreign file".getBytes());

    FileDeadLetters deadLetters = new FileDeadLetters(dir.resolve("state"));
    try (DuckDbWarehouse chaotic = DuckDbWarehouse.open(dir.resolve("chaos.duckdb"));
        DuckDbWarehouse clean = DuckDbWarehouse.open(dir.resolve("clean.duckdb"))) {
      Loader loader = new Loader(store, chaotic, "", deadLetters);
      List<ObjectCreated> events = new ArrayList<>();
      for (String key : store.list("").stream().map(o -> o.key()).toList()) {
        if (random.nextInt(4) == 0) {
          continue; // dropped
        }
        for (int copies = 1 + random.nextInt(3); copies > 0; copies--) {
          events.add(event(key));
        }
      }
      Collections.shuffle(events, random);
      ConcurrentLinkedQueue<ObjectCreated> queue = new ConcurrentLinkedQueue<>(events);
      ExecutorService consumers = Executors.newFixedThreadPool(3);
      for (int i = 0; i < 3; i++) {
        consumers.execute(
            () -> {
              for (ObjectCreated event = queue.poll(); event != null; event = queue.poll()) {
                loader.handle(event);
              }
            });
      }
      consumers.shutdown();
      assertThat(consumers.awaitTermination(2, TimeUnit.MINUTES)).isTrue();
      loader.catchUp(); // the listing pass finds what no event announced

      Loader reference = new Loader(store, clean, "", new FileDeadLetters(dir.resolve("ref")));
      for (String key : keys) {
        reference.load(key);
      }
      for (TableId table : List.of(A, B)) {
        String history =
            "SELECT \"Op\", binlake_order, id, v FROM shop."
                + table.table()
                + "_history ORDER BY binlake_order";
        String latest = "SELECT * FROM shop." + table.table() + " ORDER BY id";
        assertThat(chaotic.query(history).rows())
            .as("seed %d", seed)
            .isEqualTo(clean.query(history).rows())
            .hasSize(75);
        assertThat(chaotic.query(latest).rows()).isEqualTo(clean.query(latest).rows());
      }
    }
    assertThat(deadLetters.list())
        .extracting(DeadLetter::key)
        .containsExactlyInAnyOrder("shop/a/20260101-000000000-corrupt.parquet", "shop/b/notes.txt");
  }

  private String write(InMemoryObjectStore store, TableId table, List<ChangeRecord> records)
      throws Exception {
    TableSchema schema = records.get(0).schema();
    String key =
        DmsLayout.cdcKey("", table, records.get(0).commitTimeMicros(), records.get(0).orderKey());
    Path file = Files.createTempFile(dir, "f", ".parquet");
    try (ParquetChangeWriter writer = ParquetChangeWriter.open(file, schema, ChangeFile.Kind.CDC)) {
      records.forEach(writer::write);
      writer.finish(key);
    }
    store.put(key, file);
    return key;
  }

  private static ChangeRecord record(TableId table, Op op, OrderKey key, int id, String v) {
    TableSchema schema =
        new TableSchema(
            table,
            List.of(
                new Column("id", ColumnType.of(ColumnType.Kind.INT32), false, "int"),
                new Column("v", ColumnType.of(ColumnType.Kind.STRING), true, "varchar")),
            List.of("id"));
    return new ChangeRecord(
        schema,
        op,
        ChangeRecord.Phase.STREAM,
        key,
        1_767_225_600_000_000L,
        new Object[] {id, v},
        new SourceOffset("{}", "mariadb-bin.000001", 4));
  }

  private static ObjectCreated event(String key) {
    return new ObjectCreated(
        java.util.UUID.randomUUID().toString(),
        Instant.now(),
        "local",
        "memory",
        key,
        1,
        "etag",
        "0001",
        "PutObject");
  }
}
