package dev.binlake.capture.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ObjectInputStream;
import java.util.HexFormat;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

class SnapshotOffsetsTest {
  private static final Schema KEY = SchemaBuilder.struct().field("id", Schema.INT64_SCHEMA).build();
  private static final Schema SOURCE =
      SchemaBuilder.struct().field("db", Schema.STRING_SCHEMA).field("table", Schema.STRING_SCHEMA);
  private static final Schema VALUE =
      SchemaBuilder.struct().field("op", Schema.STRING_SCHEMA).field("source", SOURCE).build();
  private static final String COLLECTIONS =
      "[{\"incremental_snapshot_collections_id\":\"shop.a\"},"
          + "{\"incremental_snapshot_collections_id\":\"shop.b\"}]";

  private static SourceRecord record(Map<String, ?> offset, String op, String table, long id) {
    Struct source = new Struct(SOURCE).put("db", "shop").put("table", table);
    Struct value = new Struct(VALUE).put("op", op).put("source", source);
    return new SourceRecord(
        Map.of(), offset, "t", KEY, new Struct(KEY).put("id", id), VALUE, value);
  }

  @Test
  void chunkRowOffsetsResumeRightAfterTheRowAndLaterOffsetsKeepTheState() throws Exception {
    SnapshotOffsets offsets = new SnapshotOffsets();
    Map<String, Object> withState =
        Map.of(
            "pos",
            100L,
            "incremental_snapshot_collections",
            COLLECTIONS,
            "incremental_snapshot_maximum_key",
            "aced",
            "incremental_snapshot_primary_key",
            "aced000570");
    assertThat(offsets.complete(record(withState, "u", "a", 1)).sourceOffset())
        .isEqualTo(withState);

    // Debezium gives a chunk row the offset of the event that closed the window ("after" that
    // event's row): the row gets the binlog part of the record before it instead.
    Map<String, Object> row = Map.of("pos", 120L, "event", 2, "row", 1, "snapshot", "INCREMENTAL");
    Map<String, ?> completed = offsets.complete(record(row, "r", "b", 42)).sourceOffset();
    assertThat(completed.get("pos")).isEqualTo(100L);
    assertThat(completed).doesNotContainKeys("event", "row");
    assertThat(completed.get("snapshot")).isEqualTo("INCREMENTAL");
    assertThat(key(completed)).containsExactly(42L);
    assertThat(String.valueOf(completed.get("incremental_snapshot_collections")))
        .doesNotContain("shop.a")
        .contains("shop.b");
    assertThat(completed).doesNotContainKey("incremental_snapshot_maximum_key");

    Map<String, Object> after = Map.of("pos", 130L, "snapshot", "INCREMENTAL");
    assertThat(key(offsets.complete(record(after, "c", "b", 7)).sourceOffset()))
        .containsExactly(42L);

    Map<String, Object> done = Map.of("pos", 140L);
    assertThat(offsets.complete(record(done, "c", "b", 8)).sourceOffset()).isEqualTo(done);
    assertThat(offsets.complete(record(after, "c", "b", 9)).sourceOffset()).isEqualTo(after);
  }

  /**
   * Debezium writes its state into every chunk row's offset: where that list still starts with an
   * earlier table, its maximum key is that table's, and a resume with it would end this table's
   * snapshot there. Every such row's offset gets the list trimmed to its table and no maximum key;
   * rows of the list's first table keep both.
   */
  @Test
  void aTrimmedTableListNeverKeepsTheEarlierTablesMaximumKey() throws Exception {
    String three =
        "[{\"incremental_snapshot_collections_id\":\"shop.a\"},"
            + "{\"incremental_snapshot_collections_id\":\"shop.b\"},"
            + "{\"incremental_snapshot_collections_id\":\"shop.c\"}]";
    SnapshotOffsets offsets = new SnapshotOffsets();
    offsets.complete(record(Map.of("pos", 100L), "u", "a", 1));
    Map<String, ?> first = offsets.complete(record(chunkRow(three), "r", "a", 1)).sourceOffset();
    assertThat(first.get("incremental_snapshot_collections")).isEqualTo(three);
    assertThat(first.get("incremental_snapshot_maximum_key")).isEqualTo("aced");

    for (long id = 1; id <= 3; id++) {
      Map<String, ?> completed =
          offsets.complete(record(chunkRow(new String(three)), "r", "b", id)).sourceOffset();
      assertThat(completed).doesNotContainKey("incremental_snapshot_maximum_key");
      assertThat(key(completed)).containsExactly(id);
      assertThat(completed.get("pos")).isEqualTo(100L);
      assertThat(completed.get("incremental_snapshot_collections"))
          .isEqualTo(
              "[{\"incremental_snapshot_collections_id\":\"shop.b\"},"
                  + "{\"incremental_snapshot_collections_id\":\"shop.c\"}]");
    }
    Map<String, ?> nextTable =
        offsets.complete(record(chunkRow(three), "r", "c", 9)).sourceOffset();
    assertThat(nextTable.get("incremental_snapshot_collections"))
        .isEqualTo("[{\"incremental_snapshot_collections_id\":\"shop.c\"}]");
    assertThat(nextTable).doesNotContainKey("incremental_snapshot_maximum_key");
  }

  private static Map<String, Object> chunkRow(String collections) {
    return Map.of(
        "pos",
        120L,
        "snapshot",
        "INCREMENTAL",
        "incremental_snapshot_collections",
        collections,
        "incremental_snapshot_maximum_key",
        "aced");
  }

  private static Object[] key(Map<String, ?> offset) throws Exception {
    byte[] bytes =
        HexFormat.of().parseHex(String.valueOf(offset.get("incremental_snapshot_primary_key")));
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
      return (Object[]) in.readObject();
    }
  }
}
