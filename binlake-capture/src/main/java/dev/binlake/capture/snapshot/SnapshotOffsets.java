package dev.binlake.capture.snapshot;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Puts the chunked snapshot's state into every offset that lacks it. While Debezium emits a chunk's
 * rows (and until its offsets stop saying {@code "snapshot": "INCREMENTAL"}) it leaves the
 * incremental-snapshot keys out of its offsets, so resuming at such an offset would forget the
 * snapshot. This class keeps the last state Debezium wrote and, for each chunk row, sets the last
 * emitted key to that row's primary key: resuming at a row's offset then continues right after that
 * row. Keys are written the way Debezium writes them (a serialized {@code Object[]}, hex); only
 * integer, decimal and text keys can be written so (other key types resume at the chunk's start,
 * which may read stored rows again).
 */
public final class SnapshotOffsets {
  private static final String PREFIX = "incremental_snapshot";
  private static final String PRIMARY_KEY = PREFIX + "_primary_key";
  private static final String MAXIMUM_KEY = PREFIX + "_maximum_key";

  private final KeySerializer keys = new KeySerializer();
  private Map<String, Object> state;

  /**
   * The offset of the last record that is not a chunk row: where a restart must read the binlog
   * from to get every streamed change after the rows emitted so far. Its binlog part is taken when
   * a chunk row needs it, once per offset.
   */
  private Map<String, ?> streamOffset;

  private Map<String, ?> streamPositionOf;
  private Map<String, Object> streamPosition;

  // The last table whose first chunk row trimmed the table list, and the list it left.
  private String trimmedTable;
  private Object trimmedCollections;

  /** A new engine starts from this offset (JSON): the state it carries is the current one. */
  public void startFrom(Optional<String> offsetJson) {
    state = null;
    streamOffset = null;
    streamPositionOf = null;
    streamPosition = null;
    trimmedTable = null;
    trimmedCollections = null;
    if (offsetJson.isEmpty()) {
      return;
    }
    try {
      Map<String, Object> offset =
          new ObjectMapper().readerForMapOf(Object.class).readValue(offsetJson.get());
      streamOffset = offset;
      if (IncrementalOffsets.isRunning(offsetJson.get())) {
        state = new HashMap<>();
        offset.forEach(
            (key, value) -> {
              if (key.startsWith(PREFIX)) {
                state.put(key, value);
              }
            });
      }
    } catch (IOException e) {
      state = null;
    }
  }

  /**
   * Returns the record with a complete offset (the same record when nothing is missing).
   *
   * <p>Debezium emits a chunk's rows when the first binlog event after the chunk's window arrives,
   * before that event's own change, and gives the rows that event's offset: "after this row".
   * Resuming at such an offset would skip the very change that closed the window. A chunk row's
   * offset therefore gets the binlog part of the last record before it (which is never later), so a
   * restart reads that change again; the snapshot part still says where the snapshot resumes.
   */
  public SourceRecord complete(SourceRecord record) {
    Map<String, ?> offset = record.sourceOffset();
    boolean chunkRow = IncrementalOffsets.isSnapshotRow(offset) && isChunkRow(record);
    if (!chunkRow) {
      streamOffset = offset;
    }
    if (offset.containsKey(IncrementalOffsets.COLLECTIONS)) {
      state = new HashMap<>();
      offset.forEach(
          (key, value) -> {
            if (key.startsWith(PREFIX)) {
              state.put(key, value);
            }
          });
      if (!chunkRow) {
        return record;
      }
    } else if (!IncrementalOffsets.isSnapshotRow(offset)) {
      state = null; // Debezium writes the state whenever a snapshot runs: none runs
      return record;
    }
    Map<String, Object> completed = new HashMap<>(offset);
    if (chunkRow && streamOffset != null) {
      if (streamPositionOf != streamOffset) {
        streamPosition = binlogPart(streamOffset);
        streamPositionOf = streamOffset;
      }
      completed.keySet().removeIf(SnapshotOffsets::isBinlogKey);
      completed.putAll(streamPosition);
    }
    boolean trimmed = false;
    if (state != null && chunkRow) {
      String key = keys.serialize((Struct) record.key());
      if (key != null) {
        state.put(PRIMARY_KEY, key);
      }
      trimmed = keepTableFirst(record);
    }
    if (state != null) {
      completed.putAll(state);
    }
    if (trimmed) {
      completed.remove(MAXIMUM_KEY); // the row's own offset may carry the earlier table's
    }
    return new SourceRecord(
        record.sourcePartition(),
        completed,
        record.topic(),
        record.kafkaPartition(),
        record.keySchema(),
        record.key(),
        record.valueSchema(),
        record.value(),
        record.timestamp(),
        record.headers());
  }

  /** The keys of an offset that say where in the binlog it is (all but the snapshot's). */
  private static Map<String, Object> binlogPart(Map<String, ?> offset) {
    Map<String, Object> part = new HashMap<>();
    offset.forEach(
        (key, value) -> {
          if (isBinlogKey(key)) {
            part.put(key, value);
          }
        });
    return part;
  }

  private static boolean isBinlogKey(String key) {
    return !key.startsWith(PREFIX) && !"snapshot".equals(key);
  }

  private static boolean isChunkRow(SourceRecord record) {
    return record.value() instanceof Struct value
        && value.schema().field("op") != null
        && "r".equals(value.getString("op"))
        && record.key() instanceof Struct;
  }

  /**
   * A new table's first chunk: the tables before it are done and its maximum key is unknown (a
   * maximum key beside a list that starts with an earlier table is that table's, and resuming with
   * it would end this table's snapshot at the wrong key). True if this call trimmed the list.
   */
  private boolean keepTableFirst(SourceRecord record) {
    Struct source = ((Struct) record.value()).getStruct("source");
    String table = source.getString("db") + "." + source.getString("table");
    Object collections = state.get(IncrementalOffsets.COLLECTIONS);
    if (collections == null || (collections == trimmedCollections && table.equals(trimmedTable))) {
      return false; // checked already for this table and list
    }
    String json = String.valueOf(collections);
    String marker = "{\"" + IncrementalOffsets.COLLECTIONS + "_id\":\"" + table + "\"";
    int at = json.indexOf(marker);
    if (at > 1) {
      collections = "[" + json.substring(at);
      state.put(IncrementalOffsets.COLLECTIONS, collections);
      state.remove(MAXIMUM_KEY);
    }
    trimmedTable = table;
    trimmedCollections = collections;
    return at > 1;
  }
}
