package dev.binlake.capture.snapshot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.binlake.api.TableId;
import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads the incremental-snapshot part of a Debezium offset: while a chunked snapshot runs, every
 * offset lists the tables still to read ({@code incremental_snapshot_collections}) and the primary
 * key of the last snapshot row handed out ({@code incremental_snapshot_primary_key}), so resuming
 * at an offset continues the snapshot right after that row.
 */
public final class IncrementalOffsets {
  public static final String COLLECTIONS = "incremental_snapshot_collections";
  private static final String COLLECTION_ID = "incremental_snapshot_collections_id";
  private static final ObjectMapper JSON = new ObjectMapper();

  private IncrementalOffsets() {}

  /** Whether the offset was taken while a chunked snapshot ran. */
  public static boolean isRunning(String offsetJson) {
    return offsetJson.contains("\"" + COLLECTIONS + "\"");
  }

  /**
   * Whether an offset was taken during Debezium's own blocking snapshot ({@code "snapshot"} true,
   * first, last…), before streaming started. Offsets of chunked-snapshot rows say {@code
   * "snapshot": "INCREMENTAL"}: those are streaming positions.
   */
  public static boolean isBlockingSnapshot(Map<String, ?> offset) {
    Object value = offset.get("snapshot");
    return value != null && isBlockingValue(String.valueOf(value));
  }

  public static boolean isBlockingSnapshot(String offsetJson) {
    if (!offsetJson.contains("\"snapshot\"")) {
      return false;
    }
    try {
      JsonNode value = JSON.readTree(offsetJson).path("snapshot");
      return !value.isMissingNode() && !value.isNull() && isBlockingValue(value.asText());
    } catch (IOException e) {
      return true;
    }
  }

  private static boolean isBlockingValue(String value) {
    return !"incremental".equalsIgnoreCase(value) && !"false".equalsIgnoreCase(value);
  }

  /** Whether the offset map says {@code "snapshot": "INCREMENTAL"} (a chunk row's). */
  public static boolean isSnapshotRow(Map<String, ?> offset) {
    return "INCREMENTAL".equalsIgnoreCase(String.valueOf(offset.get("snapshot")));
  }

  /** Whether the offset is a chunk row's ({@code "snapshot": "INCREMENTAL"}). */
  public static boolean isSnapshotRow(String offsetJson) {
    return offsetJson.contains("\"INCREMENTAL\"");
  }

  /** The tables the offset says are still to be read (the first one is being read). */
  public static Set<TableId> collections(String offsetJson) {
    Set<TableId> tables = new TreeSet<>();
    if (!isRunning(offsetJson)) {
      return tables;
    }
    try {
      JsonNode value = JSON.readTree(offsetJson).path(COLLECTIONS);
      JsonNode list = value.isTextual() ? JSON.readTree(value.asText()) : value;
      for (JsonNode entry : list) {
        String id = entry.isTextual() ? entry.asText() : entry.path(COLLECTION_ID).asText("");
        if (id.indexOf('.') > 0) {
          tables.add(TableId.parse(id));
        }
      }
    } catch (IOException | RuntimeException e) {
      // Not in the shape we know: nothing is taken as covered, so the snapshot is asked again.
    }
    return tables;
  }
}
