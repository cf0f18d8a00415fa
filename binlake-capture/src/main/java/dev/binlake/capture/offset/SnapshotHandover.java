package dev.binlake.capture.offset;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.binlake.api.BinlakeException;
import dev.binlake.api.ErrorCode;
import dev.binlake.api.TableId;
import dev.binlake.capture.snapshot.IncrementalOffsets;
import java.util.HashSet;
import java.util.Set;

/**
 * Hands wanted chunked snapshots to Debezium through its start offset: a streaming offset that
 * lists tables under {@code incremental_snapshot_collections} makes the connector read them in
 * primary-key chunks right after it starts, on its streaming thread (an in-process signal would be
 * handled on another thread, which shares the connector's JDBC connection with it). Tables the
 * offset already lists keep their place and their resume key.
 */
public final class SnapshotHandover {
  static final String COLLECTIONS = "incremental_snapshot_collections";
  private static final String ID = COLLECTIONS + "_id";
  private static final ObjectMapper JSON = new ObjectMapper();

  private SnapshotHandover() {}

  /** The offset Debezium starts from: {@code offsetJson} with {@code wanted} tables listed. */
  public static String merge(String offsetJson, Set<TableId> wanted) {
    if (wanted.isEmpty() || IncrementalOffsets.isBlockingSnapshot(offsetJson)) {
      return offsetJson; // Debezium's own snapshot has not finished: it starts over anyway.
    }
    try {
      ObjectNode offset = (ObjectNode) JSON.readTree(offsetJson);
      JsonNode current = offset.path(COLLECTIONS);
      ArrayNode collections =
          current.isTextual()
              ? (ArrayNode) JSON.readTree(current.asText())
              : JSON.createArrayNode();
      Set<String> listed = new HashSet<>();
      collections.forEach(c -> listed.add(c.path(ID).asText()));
      for (TableId table : new java.util.TreeSet<>(wanted)) {
        if (listed.add(table.toString())) {
          ObjectNode entry = collections.addObject();
          entry.put(ID, table.toString());
          entry.putNull(COLLECTIONS + "_additional_condition");
          entry.putNull(COLLECTIONS + "_surrogate_key");
        }
      }
      offset.put(COLLECTIONS, JSON.writeValueAsString(collections));
      return JSON.writeValueAsString(offset);
    } catch (JsonProcessingException | ClassCastException e) {
      throw new BinlakeException(
          ErrorCode.CAPTURE_FAILED,
          e,
          "Cannot hand the chunked snapshot of %s to Debezium: the resume offset %s is not the"
              + " JSON object expected (delete the state folder to start over with a new snapshot)",
          wanted,
          offsetJson);
    }
  }
}
