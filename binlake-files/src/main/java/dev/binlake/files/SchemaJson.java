package dev.binlake.files;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.binlake.api.BinlakeException;
import dev.binlake.api.Column;
import dev.binlake.api.ColumnType;
import dev.binlake.api.ErrorCode;
import dev.binlake.api.TableId;
import dev.binlake.api.TableSchema;
import java.util.ArrayList;
import java.util.List;

/**
 * A table shape as JSON text, as warehouses keep it in their {@code binlake.tables}. The text is
 * stable (same shape, same text), so comparing two texts tells whether the shape changed.
 */
public final class SchemaJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private SchemaJson() {}

  public static String write(TableSchema schema) {
    return write(schema, "schema");
  }

  /**
   * The same JSON with the database's name under {@code databaseField} (change files say it so).
   */
  static String write(TableSchema schema, String databaseField) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put(databaseField, schema.table().schema());
    root.put("table", schema.table().table());
    ArrayNode columns = root.putArray("columns");
    for (Column column : schema.columns()) {
      columns
          .addObject()
          .put("name", column.name())
          .put("type", column.type().toString())
          .put("optional", column.optional())
          .put("sourceType", column.sourceType());
    }
    ArrayNode key = root.putArray("primaryKey");
    schema.primaryKey().forEach(key::add);
    return root.toString();
  }

  public static TableSchema read(String json) {
    try {
      JsonNode root = MAPPER.readTree(json);
      List<Column> columns = new ArrayList<>();
      for (JsonNode c : root.get("columns")) {
        columns.add(
            new Column(
                c.get("name").asText(),
                ColumnType.parse(c.get("type").asText()),
                c.get("optional").asBoolean(),
                c.get("sourceType").asText()));
      }
      List<String> key = new ArrayList<>();
      root.get("primaryKey").forEach(k -> key.add(k.asText()));
      return new TableSchema(
          new TableId(root.get("schema").asText(), root.get("table").asText()), columns, key);
    } catch (JsonProcessingException | RuntimeException e) {
      throw new BinlakeException(
          ErrorCode.WAREHOUSE_FAILED,
          e,
          "Cannot read a table shape from binlake.tables: %s (the metadata table was changed by"
              + " hand; restore it, or drop the warehouse's binlake tables and reload)",
          e.getMessage());
    }
  }
}
