package dev.binlake.warehouse.bigquery.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.binlake.warehouse.bigquery.fake.FakeBigQuery.Reply;
import java.sql.SQLException;
import java.util.Set;

/** tables.get, tables.insert (tables and views) and tables.patch / update / delete (views only). */
final class FakeTables {
  static final Set<String> TYPES =
      Set.of(
          "STRING",
          "JSON",
          "BIGNUMERIC",
          "INT64",
          "FLOAT64",
          "BOOL",
          "NUMERIC",
          "BYTES",
          "DATE",
          "DATETIME",
          "TIMESTAMP");

  /**
   * The GoogleSQL name of a type the REST API may spell the legacy way (INTEGER, FLOAT, BOOLEAN).
   */
  static String canonical(String type) {
    return switch (type) {
      case "INTEGER" -> "INT64";
      case "FLOAT" -> "FLOAT64";
      case "BOOLEAN" -> "BOOL";
      default -> type;
    };
  }

  private final FakeBigQuery fake;
  private final FakeCatalog catalog;

  FakeTables(FakeBigQuery fake, FakeCatalog catalog) {
    this.fake = fake;
    this.catalog = catalog;
  }

  Reply get(String dataset, String table) {
    ObjectNode resource = fake.tables.get(dataset + "." + table);
    if (resource == null) {
      return Reply.error(
          404, "notFound", "Not found: Table " + fake.project() + ":" + dataset + "." + table);
    }
    return Reply.ok(resource);
  }

  Reply insert(String dataset, JsonNode body) throws SQLException {
    if (!fake.datasets.containsKey(dataset)) {
      return Reply.error(404, "notFound", "Not found: Dataset " + fake.project() + ":" + dataset);
    }
    JsonNode reference = body.path("tableReference");
    String table = reference.path("tableId").asText();
    if (table.isEmpty()
        || !fake.project().equals(reference.path("projectId").asText())
        || !dataset.equals(reference.path("datasetId").asText())) {
      return Reply.error(400, "invalid", "table reference does not match the path: " + reference);
    }
    String key = dataset + "." + table;
    if (fake.tables.containsKey(key)) {
      return Reply.error(409, "duplicate", "Already Exists: Table " + fake.project() + ":" + key);
    }
    ObjectNode resource = FakeBigQuery.JSON.createObjectNode().put("kind", "bigquery#table");
    resource.put("id", fake.project() + ":" + key);
    resource.set("tableReference", reference);
    if (body.has("view")) {
      Reply invalid = checkView(body.path("view"));
      if (invalid != null) {
        return invalid;
      }
      try {
        catalog.createOrReplaceView(dataset, table, body.path("view").path("query").asText());
      } catch (SQLException e) {
        return Reply.error(
            400, "invalidQuery", "view " + key + " does not compile: " + e.getMessage());
      }
      resource.put("type", "VIEW");
      resource.set("view", body.path("view"));
    } else if (body.path("schema").path("fields").size() > 0) {
      JsonNode fields = body.path("schema").path("fields");
      for (JsonNode field : fields) {
        if (!TYPES.contains(canonical(field.path("type").asText()))) {
          return Reply.error(400, "invalid", "unexpected field type in " + field);
        }
      }
      catalog.createTable(dataset, table, fields);
      resource.put("type", "TABLE");
      resource.putObject("schema").set("fields", fields.deepCopy());
    } else {
      return Reply.error(400, "invalid", "table " + key + " has neither a schema nor a view");
    }
    fake.tables.put(key, resource);
    return Reply.ok(resource);
  }

  Reply update(String dataset, String table, JsonNode body) throws SQLException {
    String key = dataset + "." + table;
    ObjectNode resource = fake.tables.get(key);
    if (resource == null) {
      return Reply.error(404, "notFound", "Not found: Table " + fake.project() + ":" + key);
    }
    if (!"VIEW".equals(resource.path("type").asText()) || !body.has("view")) {
      return Reply.error(400, "invalid", "binlake only updates view definitions: " + body);
    }
    Reply invalid = checkView(body.path("view"));
    if (invalid != null) {
      return invalid;
    }
    try {
      catalog.createOrReplaceView(dataset, table, body.path("view").path("query").asText());
    } catch (SQLException e) {
      return Reply.error(
          400, "invalidQuery", "view " + key + " does not compile: " + e.getMessage());
    }
    resource.set("view", body.path("view"));
    return Reply.ok(resource);
  }

  Reply delete(String dataset, String table) throws SQLException {
    String key = dataset + "." + table;
    ObjectNode resource = fake.tables.get(key);
    if (resource == null) {
      return Reply.error(404, "notFound", "Not found: Table " + fake.project() + ":" + key);
    }
    if (!"VIEW".equals(resource.path("type").asText())) {
      return Reply.error(400, "invalid", "binlake only deletes views, not table " + key);
    }
    catalog.dropView(dataset, table);
    fake.tables.remove(key);
    return new Reply(204, null, java.util.Map.of(), true);
  }

  /**
   * The latest view binlake defines: GoogleSQL, changes after the latest table marker (TRUNCATE,
   * DROP TABLE), QUALIFY on the newest change, deletes hidden.
   */
  private static Reply checkView(JsonNode view) {
    String query = view.path("query").asText();
    if (!view.path("useLegacySql").isBoolean() || view.path("useLegacySql").asBoolean()) {
      return Reply.error(400, "invalid", "view without useLegacySql=false: " + view);
    }
    if (!query.contains(" WHERE `binlake_order` > COALESCE((SELECT MAX(`binlake_order`) FROM ")
        || !query.contains(
            " WHERE `Op` IN ('T', 'X')), '') QUALIFY ROW_NUMBER() OVER (PARTITION BY ")
        || !query.endsWith(" ORDER BY `binlake_order` DESC) = 1 AND `Op` <> 'D'")) {
      return Reply.error(400, "invalid", "view is not binlake's latest-row query: " + query);
    }
    return null;
  }
}
