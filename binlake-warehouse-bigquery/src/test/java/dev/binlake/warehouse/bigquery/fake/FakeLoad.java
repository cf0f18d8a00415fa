package dev.binlake.warehouse.bigquery.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The checks of one Parquet load job with an explicit schema and WRITE_APPEND +
 * ALLOW_FIELD_ADDITION, as BigQuery documents them: the schema keeps every column of the table with
 * its type, added columns are NULLABLE, and each Parquet column converts to its field's type
 * (TIMESTAMP only from UTC-adjusted timestamps, DATETIME only from local ones, NUMERIC only from
 * decimals with at most 9 digits after and 29 before the point).
 */
final class FakeLoad {
  private static final Pattern DECIMAL = Pattern.compile("DECIMAL\\((\\d+),(\\d+)\\)");

  private final FakeBigQuery fake;
  private final FakeCatalog catalog;

  FakeLoad(FakeBigQuery fake, FakeCatalog catalog) {
    this.fake = fake;
    this.catalog = catalog;
  }

  /** Prepares the table for the load; returns why the job fails, or null. */
  String run(String dataset, String table, JsonNode fields, Path file) throws SQLException {
    Map<String, String> parquet = new LinkedHashMap<>();
    catalog.parquetColumns(file).forEach((name, type) -> parquet.put(FakeJobs.lower(name), type));
    Map<String, String> schema = new LinkedHashMap<>();
    for (JsonNode field : fields) {
      schema.put(
          FakeJobs.lower(field.path("name").asText()),
          FakeTables.canonical(field.path("type").asText()));
    }
    List<String> wrong = new ArrayList<>();
    for (Map.Entry<String, String> field : schema.entrySet()) {
      String type = parquet.get(field.getKey());
      if (type == null) {
        wrong.add("the file lacks column " + field.getKey());
      } else if (!converts(type, field.getValue())) {
        wrong.add(
            "column "
                + field.getKey()
                + " is "
                + type
                + " in the file, which does not load"
                + " into "
                + field.getValue());
      }
    }
    parquet.keySet().stream()
        .filter(name -> !schema.containsKey(name))
        .forEach(name -> wrong.add("the file has column " + name + " that the schema lacks"));
    String key = dataset + "." + table;
    ObjectNode resource = fake.tables.get(key);
    if (resource != null) {
      Map<String, String> existing = new LinkedHashMap<>();
      for (JsonNode field : resource.path("schema").path("fields")) {
        existing.put(
            FakeJobs.lower(field.path("name").asText()),
            FakeTables.canonical(field.path("type").asText()));
      }
      existing.forEach(
          (name, type) -> {
            if (!schema.containsKey(name)) {
              wrong.add(
                  "Provided Schema does not match Table "
                      + key
                      + ". Field "
                      + name
                      + " is missing in new schema");
            } else if (!schema.get(name).equals(type)) {
              wrong.add(
                  "Field " + name + " has changed type from " + type + " to " + schema.get(name));
            }
          });
      if (!wrong.isEmpty()) {
        return String.join("; ", wrong);
      }
      ArrayNode known = (ArrayNode) resource.path("schema").path("fields");
      for (JsonNode field : fields) {
        String name = FakeJobs.lower(field.path("name").asText());
        if (!existing.containsKey(name)) {
          catalog.addColumn(
              dataset, table, field.path("name").asText(), field.path("type").asText());
          known.add(field.deepCopy());
        }
      }
      return null;
    }
    if (!wrong.isEmpty()) {
      return String.join("; ", wrong);
    }
    catalog.createTable(dataset, table, fields);
    ObjectNode created = FakeBigQuery.JSON.createObjectNode().put("kind", "bigquery#table");
    created.put("id", fake.project() + ":" + key).put("type", "TABLE");
    created
        .putObject("tableReference")
        .put("projectId", fake.project())
        .put("datasetId", dataset)
        .put("tableId", table);
    created.putObject("schema").set("fields", fields.deepCopy());
    fake.tables.put(key, created);
    return null;
  }

  /** Whether a Parquet column (as DuckDB types it) loads into a BigQuery field type. */
  static boolean converts(String parquetType, String bigQueryType) {
    Matcher decimal = DECIMAL.matcher(parquetType);
    return switch (bigQueryType) {
      case "STRING", "JSON" -> parquetType.equals("VARCHAR") || parquetType.equals("JSON");
      case "INT64" -> parquetType.equals("BIGINT") || parquetType.equals("INTEGER");
      case "FLOAT64" -> parquetType.equals("DOUBLE");
      case "BOOL" -> parquetType.equals("BOOLEAN");
      case "BYTES" -> parquetType.equals("BLOB");
      case "DATE" -> parquetType.equals("DATE");
      case "DATETIME" -> parquetType.equals("TIMESTAMP");
      case "TIMESTAMP" -> parquetType.equals("TIMESTAMP WITH TIME ZONE");
      case "NUMERIC" ->
          decimal.matches()
              && Integer.parseInt(decimal.group(2)) <= 9
              && Integer.parseInt(decimal.group(1)) - Integer.parseInt(decimal.group(2)) <= 29;
      case "BIGNUMERIC" -> decimal.matches();
      default -> false;
    };
  }
}
