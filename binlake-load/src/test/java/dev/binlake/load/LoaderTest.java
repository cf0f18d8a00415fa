package dev.binlake.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.binlake.api.BinlakeException;
import dev.binlake.api.ChangeFile;
import dev.binlake.api.ChangeRecord;
import dev.binlake.api.Column;
import dev.binlake.api.ColumnType;
import dev.binlake.api.ErrorCode;
import dev.binlake.api.LoadResult;
import dev.binlake.api.ObjectCreated;
import dev.binlake.api.Op;
import dev.binlake.api.OrderKey;
import dev.binlake.api.SourceOffset;
import dev.binlake.api.TableId;
import dev.binlake.api.TableSchema;
import dev.binlake.files.DmsLayout;
import dev.binlake.files.ParquetChangeWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoaderTest {
  private static final String PREFIX = "lake";
  private static final TableId USERS = new TableId("shop", "users");
  private static final TableSchema SCHEMA =
      new TableSchema(
          USERS,
          List.of(
              new Column("id", ColumnType.of(ColumnType.Kind.INT64), false, "bigint"),
              new Column("name", ColumnType.of(ColumnType.Kind.STRING), true, "varchar(20)")),
          List.of("id"));

  @TempDir Path dir;
  private final InMemoryObjectStore store = new InMemoryObjectStore();
  private final FakeWarehouse warehouse = new FakeWarehouse();
  private FileDeadLetters deadLetters;
  private Loader loader;

  @BeforeEach
  void setUp() {
    deadLetters = new FileDeadLetters(dir.resolve("state"));
    loader = new Loader(store, warehouse, PREFIX, deadLetters);
  }

  /** Writes a real change file with {@code rows} inserts from {@code position} on and stores it. */
  private String storeChangeFile(long position, int rows) throws Exception {
    OrderKey first = OrderKey.streamed(3, position, 0, 0);
    String key = DmsLayout.cdcKey(PREFIX, USERS, 1_714_557_600_000_000L, first);
    Path file = dir.resolve("f-" + position + ".parquet");
    try (ParquetChangeWriter writer = ParquetChangeWriter.open(file, SCHEMA, ChangeFile.Kind.CDC)) {
      for (int i = 0; i < rows; i++) {
        writer.write(
            new ChangeRecord(
                SCHEMA,
                Op.INSERT,
                ChangeRecord.Phase.STREAM,
                OrderKey.streamed(3, position, i, 0),
                1_714_557_600_000_000L,
                new Object[] {position + i, "user " + i},
                new SourceOffset("{}", "mariadb-bin.000003", position)));
      }
      writer.finish(key);
    }
    store.put(key, file);
    return key;
  }

  private static ObjectCreated created(String key) {
    return new ObjectCreated(
        "id-" + key.hashCode(),
        Instant.parse("2024-05-01T10:00:00Z"),
        "local",
        "test-bucket",
        key,
        1,
        "etag",
        "0001",
        "PutObject");
  }

  @Test
  void loadsAStoredChangeFileThroughATemporaryCopy() throws Exception {
    String key = storeChangeFile(1000, 3);

    LoadResult result = loader.load(key);

    assertThat(result).isEqualTo(new LoadResult(key, USERS, 3, LoadResult.Outcome.LOADED));
    ChangeFile loaded = warehouse.loaded().get(0);
    assertThat(loaded.key()).isEqualTo(key);
    assertThat(loaded.schema()).isEqualTo(SCHEMA);
    assertThat(loaded.first()).isEqualTo(OrderKey.streamed(3, 1000, 0, 0));
    assertThat(loaded.last()).isEqualTo(OrderKey.streamed(3, 1000, 2, 0));
    assertThat(warehouse.localFiles())
        .singleElement()
        .satisfies(temp -> assertThat(temp).doesNotExist());
  }

  @Test
  void duplicateEventLoadsOnceAndDoesNotReadTheObjectAgain() throws Exception {
    String key = storeChangeFile(1000, 2);

    loader.eventHandler().handle(created(key));
    loader.eventHandler().handle(created(key));

    assertThat(warehouse.loaded()).extracting(ChangeFile::key).containsExactly(key);
    assertThat(store.openCount(key)).isEqualTo(1);
    assertThat(loader.load(key))
        .isEqualTo(new LoadResult(key, USERS, 0, LoadResult.Outcome.ALREADY_LOADED));
  }

  @Test
  void catchUpLoadsFilesWhoseEventWasLostInKeyOrder() throws Exception {
    String announced = storeChangeFile(2000, 1);
    loader.handle(created(announced));
    String late = storeChangeFile(3000, 1);
    String early = storeChangeFile(1000, 1);

    assertThat(loader.catchUp()).isEqualTo(2);

    assertThat(warehouse.loaded())
        .extracting(ChangeFile::key)
        .containsExactly(announced, early, late);
    assertThat(loader.catchUp()).isZero();
  }

  @Test
  void foreignFileIsDeadLetteredAndTheOthersStillLoad() throws Exception {
    String good = storeChangeFile(1000, 1);
    String foreign = PREFIX + "/shop/users/notes.parquet";
    store.put(foreign, "not a parquet file at all".getBytes(StandardCharsets.UTF_8));
    String other = storeChangeFile(2000, 1);

    loader.handle(created(foreign)); // returns normally: retrying cannot help
    assertThat(loader.catchUp()).isEqualTo(2);

    assertThat(warehouse.loaded()).extracting(ChangeFile::key).containsExactly(good, other);
    assertThat(deadLetters.list())
        .singleElement()
        .satisfies(
            letter -> {
              assertThat(letter.key()).isEqualTo(foreign);
              assertThat(letter.reason())
                  .startsWith("Cannot load " + foreign + ": it is not a readable Parquet file");
            });
    assertThat(store.openCount(foreign)).isEqualTo(1); // catch-up skipped the dead letter
  }

  @Test
  void fileTheWarehouseRejectsIsDeadLettered() throws Exception {
    String key = storeChangeFile(1000, 1);
    warehouse.failWith(
        key,
        new BinlakeException(
            ErrorCode.FILE_INVALID,
            "Cannot load %s into shop.users_history: DuckDB rejects it",
            key));

    loader.handle(created(key));

    assertThat(deadLetters.contains(key)).isTrue();
    assertThat(deadLetters.list().get(0).reason())
        .isEqualTo("Cannot load " + key + " into shop.users_history: DuckDB rejects it");
  }

  @Test
  void transientFailureIsThrownForRedeliveryAndNotDeadLettered() throws Exception {
    String key = storeChangeFile(1000, 1);
    warehouse.failWith(
        key,
        new BinlakeException(ErrorCode.LOAD_FAILED, "Cannot load %s: disk full (retried)", key));

    assertThatThrownBy(() -> loader.handle(created(key)))
        .isInstanceOf(BinlakeException.class)
        .hasMessage("Cannot load " + key + ": disk full (retried)");
    assertThatThrownBy(loader::catchUp).hasMessage("Cannot load " + key + ": disk full (retried)");
    assertThat(deadLetters.list()).isEmpty();

    warehouse.stopFailing(key);
    loader.handle(created(key));
    assertThat(warehouse.isLoaded(key)).isTrue();
  }

  @Test
  void eventsOutsideThePrefixAreIgnored() throws Exception {
    store.put("elsewhere/x.parquet", new byte[] {1, 2, 3});

    loader.handle(created("elsewhere/x.parquet"));

    assertThat(store.openCount("elsewhere/x.parquet")).isZero();
    assertThat(deadLetters.list()).isEmpty();
    assertThat(Files.list(dir.resolve("state")).toList()).isEmpty();
  }
}
