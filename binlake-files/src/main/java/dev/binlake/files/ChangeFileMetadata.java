package dev.binlake.files;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.binlake.api.ChangeFile;
import dev.binlake.api.Column;
import dev.binlake.api.ColumnType;
import dev.binlake.api.OrderKey;
import dev.binlake.api.SourceOffset;
import dev.binlake.api.TableId;
import dev.binlake.api.TableSchema;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The binlake key/value metadata of a change file, so a reader needs nothing but the file: what
 * {@link ChangeFile} holds, written as text. The header is known when a file opens, the trailer
 * when it closes.
 */
final class ChangeFileMetadata {
  static final String FORMAT_VERSION = "binlake.format-version";
  static final String TABLE = "binlake.table";
  static final String SCHEMA = "binlake.schema";
  static final String KIND = "binlake.kind";
  static final String ROW_COUNT = "binlake.row-count";
  static final String FIRST_KEY = "binlake.first-key";
  static final String LAST_KEY = "binlake.last-key";
  static final String LAST_OFFSET = "binlake.last-offset";

  static final String CURRENT_VERSION = "1";

  private static final ObjectMapper JSON = new ObjectMapper();

  private ChangeFileMetadata() {}

  static Map<String, String> header(TableSchema schema, ChangeFile.Kind kind) {
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put(FORMAT_VERSION, CURRENT_VERSION);
    metadata.put(TABLE, schema.table().toString());
    metadata.put(SCHEMA, schemaJson(schema));
    metadata.put(KIND, kind.name());
    return metadata;
  }

  static Map<String, String> trailer(
      long rowCount, OrderKey first, OrderKey last, SourceOffset lastOffset) {
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put(ROW_COUNT, Long.toString(rowCount));
    metadata.put(FIRST_KEY, first.value());
    metadata.put(LAST_KEY, last.value());
    ObjectNode offset = JSON.createObjectNode();
    offset.put("json", lastOffset.json());
    offset.put("binlogFile", lastOffset.binlogFile());
    offset.put("binlogPosition", lastOffset.binlogPosition());
    metadata.put(LAST_OFFSET, offset.toString());
    return metadata;
  }

  /**
   * The schema as JSON: {@code database}, {@code table}, {@code columns} (name, type as {@link
   * ColumnType#toString()}, optional, sourceType) and {@code primaryKey}.
   */
  static String schemaJson(TableSchema schema) {
    return SchemaJson.write(schema, "database");
  }

  /** Whether the metadata marks a binlake change file at all. */
  static boolean isChangeFile(Map<String, String> metadata) {
    return metadata.containsKey(FORMAT_VERSION);
  }

  /**
   * Reads what a change file holds.
   *
   * @throws IllegalArgumentException saying what is missing or malformed
   */
  static ChangeFile read(String objectKey, Map<String, String> metadata) {
    TableSchema schema = parseSchema(required(metadata, SCHEMA));
    String table = required(metadata, TABLE);
    if (!table.equals(schema.table().toString())) {
      throw new IllegalArgumentException(
          TABLE + " '" + table + "' differs from the table in " + SCHEMA + " " + schema.table());
    }
    ChangeFile.Kind kind = ChangeFile.Kind.valueOf(required(metadata, KIND));
    long rowCount = Long.parseLong(required(metadata, ROW_COUNT));
    OrderKey first = new OrderKey(required(metadata, FIRST_KEY));
    OrderKey last = new OrderKey(required(metadata, LAST_KEY));
    JsonNode offset = parseJson(LAST_OFFSET, required(metadata, LAST_OFFSET));
    SourceOffset lastOffset =
        new SourceOffset(
            text(offset, "json"),
            text(offset, "binlogFile"),
            offset.path("binlogPosition").asLong());
    return new ChangeFile(objectKey, schema, kind, rowCount, first, last, lastOffset);
  }

  static TableSchema parseSchema(String json) {
    JsonNode root = parseJson(SCHEMA, json);
    List<Column> columns = new ArrayList<>();
    for (JsonNode column : root.path("columns")) {
      columns.add(
          new Column(
              text(column, "name"),
              ColumnType.parse(text(column, "type")),
              column.path("optional").asBoolean(true),
              text(column, "sourceType")));
    }
    List<String> primaryKey = new ArrayList<>();
    root.path("primaryKey").forEach(name -> primaryKey.add(name.asText()));
    return new TableSchema(
        new TableId(text(root, "database"), text(root, "table")), columns, primaryKey);
  }

  private static String required(Map<String, String> metadata, String key) {
    String value = metadata.get(key);
    if (value == null) {
      throw new IllegalArgumentException(key + " is missing");
    }
    return value;
  }

  private static JsonNode parseJson(String key, String json) {
    try {
      return JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(key + " is not valid JSON: " + e.getOriginalMessage(), e);
    }
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual()) {
      throw new IllegalArgumentException("JSON field '" + field + "' is missing or not text");
    }
    return value.asText();
  }
}
