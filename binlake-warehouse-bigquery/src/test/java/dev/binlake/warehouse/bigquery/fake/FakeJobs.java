package dev.binlake.warehouse.bigquery.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import dev.binlake.warehouse.bigquery.fake.FakeBigQuery.LoadJob;
import dev.binlake.warehouse.bigquery.fake.FakeBigQuery.Reply;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Blob;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Query jobs (run in DuckDB), resumable uploads that become load jobs, jobs.get and results. */
final class FakeJobs {
  private static final Pattern LOAD_JOB_ID =
      Pattern.compile("binlake_load_[A-Za-z0-9_-]+_[0-9a-f]{32}_[0-9]+");
  private static final Pattern INFORMATION_SCHEMA =
      Pattern.compile("(?:`[^`]+`\\.)?`([^`]+)`\\.INFORMATION_SCHEMA\\.COLUMNS");
  private static final Pattern CONTENT_RANGE =
      Pattern.compile("bytes (?:(\\d+)-(\\d+)|\\*)/(\\d+|\\*)");

  private record Upload(JsonNode job, ByteArrayOutputStream bytes) {}

  private final FakeBigQuery fake;
  private final FakeCatalog catalog;
  private final Map<String, ObjectNode> jobs = new ConcurrentHashMap<>();
  private final Map<String, FakeCatalog.Rows> results = new ConcurrentHashMap<>();
  private final Map<String, Upload> uploads = new ConcurrentHashMap<>();
  private final Map<String, Instant> lastLoadAt = new HashMap<>();
  private final List<LoadJob> loads = Collections.synchronizedList(new ArrayList<>());
  private final List<String> duplicates = Collections.synchronizedList(new ArrayList<>());
  private final List<String> refusals = Collections.synchronizedList(new ArrayList<>());
  private final AtomicLong uploadIds = new AtomicLong();
  private volatile String[] rejectedValue;

  FakeJobs(FakeBigQuery fake, FakeCatalog catalog) {
    this.fake = fake;
    this.catalog = catalog;
  }

  List<LoadJob> loadJobs() {
    synchronized (loads) {
      return List.copyOf(loads);
    }
  }

  List<String> duplicates() {
    synchronized (duplicates) {
      return List.copyOf(duplicates);
    }
  }

  /** Load jobs whose file has {@code value} in {@code column} fail as BigQuery fails bad data. */
  void rejectValue(String column, String value) {
    rejectedValue = new String[] {column, value};
  }

  void refuseOnce(String sqlPart) {
    refusals.add(sqlPart);
  }

  private Reply checkReference(JsonNode job) {
    JsonNode reference = job.path("jobReference");
    if (reference.path("jobId").asText().isEmpty()) {
      return Reply.error(400, "invalid", "job without a client-chosen jobId: " + job);
    }
    if (!fake.project().equals(reference.path("projectId").asText())
        || !fake.location().equals(reference.path("location").asText())) {
      return Reply.error(400, "invalid", "job of another project or location: " + reference);
    }
    return null;
  }

  Reply insertQuery(JsonNode job, Map<String, String> parameters) throws SQLException {
    Reply invalid = checkReference(job);
    if (invalid != null) {
      return invalid;
    }
    JsonNode query = job.path("configuration").path("query");
    if (query.isMissingNode()
        || !query.path("useLegacySql").isBoolean()
        || query.path("useLegacySql").asBoolean()) {
      return Reply.error(400, "invalid", "query job without useLegacySql=false: " + job);
    }
    String sql = query.path("query").asText();
    synchronized (refusals) {
      for (String part : refusals) {
        if (sql.contains(part)) {
          refusals.remove(part);
          return new Reply(
              400, Reply.error(400, "simulatedCrash", "refused").body(), Map.of(), true);
        }
      }
    }
    String jobId = job.path("jobReference").path("jobId").asText();
    if (jobs.containsKey(jobId)) {
      duplicates.add(jobId);
      return Reply.error(
          409,
          "duplicate",
          "Already Exists: Job " + fake.project() + ":" + fake.location() + "." + jobId);
    }
    Map<String, String[]> named = new HashMap<>();
    for (JsonNode parameter : query.path("queryParameters")) {
      named.put(
          parameter.path("name").asText(),
          new String[] {
            parameter.path("parameterType").path("type").asText(),
            parameter.path("parameterValue").path("value").asText()
          });
    }
    String mode = query.path("parameterMode").asText("NAMED"); // the Java client leaves it out
    if (!named.isEmpty() && !"NAMED".equals(mode.isEmpty() ? "NAMED" : mode)) {
      return Reply.error(
          400, "invalid", "named parameters with parameterMode " + mode + ": " + job);
    }
    ObjectNode resource = resource(job);
    ObjectNode destination =
        ((ObjectNode) resource.path("configuration").path("query")).putObject("destinationTable");
    destination.put("projectId", fake.project()).put("datasetId", FakeBigQuery.RESULTS_DATASET);
    destination.put("tableId", "anon_" + jobId);
    try {
      java.util.Set<String> bigNumeric = new java.util.HashSet<>();
      fake.tables
          .values()
          .forEach(
              t ->
                  t.path("schema")
                      .path("fields")
                      .forEach(
                          f -> {
                            if ("BIGNUMERIC".equals(f.path("type").asText())) {
                              bigNumeric.add(lower(f.path("name").asText()));
                            }
                          }));
      FakeCatalog.Rows rows = catalog.query(informationSchema(sql), named, bigNumeric);
      results.put(jobId, rows);
      ((ObjectNode) resource.path("statistics"))
          .putObject("query")
          .put("numDmlAffectedRows", Long.toString(rows.affected()));
      done(resource, null);
    } catch (SQLException e) {
      done(resource, e.getMessage());
    }
    jobs.put(jobId, resource);
    return Reply.ok(resource);
  }

  /**
   * {@code `project`.`dataset`.INFORMATION_SCHEMA.COLUMNS} as BigQuery has it (table_name,
   * column_name, ordinal_position, data_type with standard type names), from the fake's schemas.
   */
  private String informationSchema(String sql) {
    Matcher views = INFORMATION_SCHEMA.matcher(sql);
    StringBuilder out = new StringBuilder();
    while (views.find()) {
      String dataset = views.group(1);
      StringBuilder rows = new StringBuilder();
      fake.tables.forEach(
          (key, table) -> {
            if (!key.startsWith(dataset + ".")) {
              return;
            }
            int position = 0;
            for (JsonNode field : table.path("schema").path("fields")) {
              rows.append(rows.length() == 0 ? "" : ", ")
                  .append('(')
                  .append(literal(key.substring(dataset.length() + 1)))
                  .append(", ")
                  .append(literal(field.path("name").asText()))
                  .append(", ")
                  .append(++position)
                  .append(", ")
                  .append(literal(FakeTables.canonical(field.path("type").asText())))
                  .append(')');
            }
          });
      String relation =
          rows.length() == 0
              ? "(SELECT '' AS table_name, '' AS column_name, 0 AS ordinal_position,"
                  + " '' AS data_type WHERE false)"
              : "(SELECT * FROM (VALUES "
                  + rows
                  + ") AS c(table_name, column_name, ordinal_position, data_type))";
      views.appendReplacement(out, Matcher.quoteReplacement(relation));
    }
    views.appendTail(out);
    return out.toString();
  }

  private static String literal(String text) {
    return "'" + text.replace("'", "''") + "'";
  }

  private ObjectNode resource(JsonNode job) {
    String jobId = job.path("jobReference").path("jobId").asText();
    ObjectNode resource = FakeBigQuery.JSON.createObjectNode().put("kind", "bigquery#job");
    resource.put("id", fake.project() + ":" + fake.location() + "." + jobId);
    resource.set("jobReference", job.path("jobReference").deepCopy());
    resource.set("configuration", job.path("configuration").deepCopy());
    String now = Long.toString(System.currentTimeMillis()); // int64 travels as a JSON string
    resource
        .putObject("statistics")
        .put("creationTime", now)
        .put("startTime", now)
        .put("endTime", now);
    return resource;
  }

  private static void done(ObjectNode resource, String error) {
    ObjectNode status = resource.putObject("status").put("state", "DONE");
    if (error != null) {
      String reason = resource.path("configuration").has("load") ? "invalid" : "invalidQuery";
      status.putObject("errorResult").put("reason", reason).put("message", error);
      status.putArray("errors").addObject().put("reason", reason).put("message", error);
    }
  }

  Reply get(String jobId, Map<String, String> parameters) {
    if (!fake.location().equals(parameters.get("location"))) {
      return Reply.error(
          400, "invalid", "jobs.get of " + jobId + " without location=" + fake.location());
    }
    ObjectNode job = jobs.get(jobId);
    if (job == null) {
      return Reply.error(404, "notFound", "Not found: Job " + fake.project() + ":" + jobId);
    }
    return Reply.ok(job);
  }

  Reply queryResults(String jobId, Map<String, String> parameters) {
    FakeCatalog.Rows rows = results.get(jobId);
    ObjectNode job = jobs.get(jobId);
    if (rows == null || job == null) {
      return Reply.error(404, "notFound", "Not found: Job " + fake.project() + ":" + jobId);
    }
    ObjectNode response =
        FakeBigQuery.JSON.createObjectNode().put("kind", "bigquery#getQueryResultsResponse");
    response.set("jobReference", job.path("jobReference"));
    response.put("jobComplete", true).put("cacheHit", false);
    response.put("totalRows", Long.toString(rows.values().size()));
    ArrayNode fields = response.putObject("schema").putArray("fields");
    for (int i = 0; i < rows.names().size(); i++) {
      fields
          .addObject()
          .put("name", rows.names().get(i))
          .put("type", rows.types().get(i))
          .put("mode", "NULLABLE");
    }
    if (!"0".equals(parameters.get("maxResults"))) {
      response.set("rows", encode(rows, parameters));
    }
    return Reply.ok(response);
  }

  Reply listData(String dataset, String table, Map<String, String> parameters) {
    FakeCatalog.Rows rows =
        FakeBigQuery.RESULTS_DATASET.equals(dataset) && table.startsWith("anon_")
            ? results.get(table.substring(5))
            : null;
    if (rows == null) {
      return Reply.error(400, "invalid", "tabledata.list of a table binlake never lists: " + table);
    }
    ObjectNode response =
        FakeBigQuery.JSON.createObjectNode().put("kind", "bigquery#tableDataList");
    response.put("totalRows", Long.toString(rows.values().size()));
    response.set("rows", encode(rows, parameters));
    return Reply.ok(response);
  }

  /** Rows in the REST shape: {@code {"f": [{"v": "text"}]}}, every value as BigQuery spells it. */
  private static ArrayNode encode(FakeCatalog.Rows rows, Map<String, String> parameters) {
    boolean micros = "true".equals(parameters.get("formatOptions.useInt64Timestamp"));
    ArrayNode out = FakeBigQuery.JSON.createArrayNode();
    for (List<Object> row : rows.values()) {
      ArrayNode cells = out.addObject().putArray("f");
      for (int i = 0; i < row.size(); i++) {
        Object value = row.get(i);
        ObjectNode cell = cells.addObject();
        if (value == null) {
          cell.putNull("v");
        } else {
          cell.put("v", text(rows.types().get(i), value, micros));
        }
      }
    }
    return out;
  }

  private static String text(String type, Object value, boolean micros) {
    try {
      return switch (type) {
        case "TIMESTAMP" -> {
          Instant instant = ((OffsetDateTime) value).toInstant();
          long us = ChronoUnit.MICROS.between(Instant.EPOCH, instant);
          yield micros ? Long.toString(us) : new BigDecimal(us).movePointLeft(6).toPlainString();
        }
        case "DATETIME" -> DateTimeFormatter.ISO_LOCAL_DATE_TIME.format((LocalDateTime) value);
        case "NUMERIC" -> ((BigDecimal) value).toPlainString();
        case "BYTES" -> {
          Blob blob = (Blob) value;
          yield Base64.getEncoder().encodeToString(blob.getBytes(1, (int) blob.length()));
        }
        default -> value.toString();
      };
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Starts a resumable upload: checks the load configuration, answers with a session URL. */
  Reply startUpload(HttpExchange exchange, Map<String, String> parameters, byte[] body, String url)
      throws IOException {
    if (!"resumable".equals(parameters.get("uploadType"))) {
      return Reply.error(400, "invalid", "upload without uploadType=resumable");
    }
    JsonNode job = FakeBigQuery.parse(body);
    Reply invalid = checkReference(job);
    if (invalid == null) {
      invalid = checkLoad(job);
    }
    if (invalid != null) {
      return invalid;
    }
    String id = Long.toString(uploadIds.incrementAndGet());
    uploads.put(id, new Upload(job, new ByteArrayOutputStream()));
    String location =
        url
            + "/upload/bigquery/v2/projects/"
            + fake.project()
            + "/jobs?uploadType=resumable&upload_id="
            + id;
    return new Reply(200, null, Map.of("Location", location), true);
  }

  private Reply checkLoad(JsonNode job) {
    String jobId = job.path("jobReference").path("jobId").asText();
    JsonNode load = job.path("configuration").path("load");
    List<String> wrong = new ArrayList<>();
    if (!LOAD_JOB_ID.matcher(jobId).matches()) {
      wrong.add("job id " + jobId + " is not binlake's deterministic load job id");
    }
    expect(wrong, load, "sourceFormat", "PARQUET");
    expect(wrong, load, "writeDisposition", "WRITE_APPEND");
    expect(wrong, load, "createDisposition", "CREATE_IF_NEEDED");
    if (!load.path("schemaUpdateOptions").toString().equals("[\"ALLOW_FIELD_ADDITION\"]")) {
      wrong.add(
          "schemaUpdateOptions "
              + load.path("schemaUpdateOptions")
              + " is not [ALLOW_FIELD_ADDITION]");
    }
    String decimals = load.path("decimalTargetTypes").toString();
    if (!decimals.contains("\"NUMERIC\"") || !decimals.contains("\"BIGNUMERIC\"")) {
      wrong.add("decimalTargetTypes " + decimals + " lacks NUMERIC or BIGNUMERIC");
    }
    if (load.path("autodetect").asBoolean(false)) {
      wrong.add("autodetect is on: binlake sends an explicit schema");
    }
    JsonNode fields = load.path("schema").path("fields");
    if (fields.size() < 4) {
      wrong.add("no explicit schema with Op, binlake_commit_ts, binlake_order and columns");
    }
    for (JsonNode field : fields) {
      if (!FakeTables.TYPES.contains(FakeTables.canonical(field.path("type").asText()))
          || !"NULLABLE".equals(field.path("mode").asText("NULLABLE"))) {
        wrong.add("unexpected field " + field);
      }
    }
    JsonNode destination = load.path("destinationTable");
    if (!fake.project().equals(destination.path("projectId").asText())
        || !fake.datasets.containsKey(destination.path("datasetId").asText())
        || !destination.path("tableId").asText().endsWith("_history")) {
      wrong.add("destination " + destination + " is not a history table of an existing dataset");
    }
    return wrong.isEmpty() ? null : Reply.error(400, "invalid", String.join("; ", wrong));
  }

  private static void expect(List<String> wrong, JsonNode load, String field, String value) {
    if (!value.equals(load.path(field).asText())) {
      wrong.add(field + " is '" + load.path(field).asText() + "', not " + value);
    }
  }

  /** One PUT of a resumable upload; the last one creates the load job. */
  Reply uploadChunk(HttpExchange exchange, Map<String, String> parameters, byte[] body)
      throws IOException, SQLException {
    Upload upload = uploads.get(parameters.getOrDefault("upload_id", ""));
    if (upload == null) {
      return Reply.error(400, "invalid", "unknown upload session " + parameters);
    }
    String range = exchange.getRequestHeaders().getFirst("Content-Range");
    Matcher m = range == null ? null : CONTENT_RANGE.matcher(range);
    if (m == null || !m.matches()) {
      return Reply.error(400, "invalid", "upload chunk without a valid Content-Range: " + range);
    }
    long received = upload.bytes().size();
    if (m.group(1) != null) {
      long first = Long.parseLong(m.group(1));
      long last = Long.parseLong(m.group(2));
      if (first != received || last - first + 1 != body.length) {
        return Reply.error(
            400, "invalid", "chunk " + range + " does not follow " + received + " bytes");
      }
      upload.bytes().write(body);
    }
    if ("*".equals(m.group(3))) {
      long size = upload.bytes().size();
      return new Reply(308, null, Map.of("Range", "bytes=0-" + (size - 1)), true);
    }
    if (Long.parseLong(m.group(3)) != upload.bytes().size()) {
      return Reply.error(
          400, "invalid", "upload of " + upload.bytes().size() + " bytes says " + range);
    }
    uploads.remove(parameters.get("upload_id"));
    return createLoadJob(upload);
  }

  private Reply createLoadJob(Upload upload) throws IOException, SQLException {
    JsonNode job = upload.job();
    String jobId = job.path("jobReference").path("jobId").asText();
    if (jobs.containsKey(jobId)) {
      duplicates.add(jobId);
      return Reply.error(
          409,
          "duplicate",
          "Already Exists: Job " + fake.project() + ":" + fake.location() + "." + jobId);
    }
    JsonNode load = job.path("configuration").path("load");
    String dataset = load.path("destinationTable").path("datasetId").asText();
    String table = load.path("destinationTable").path("tableId").asText();
    String key = dataset + "." + table;
    Instant now = Instant.now();
    synchronized (lastLoadAt) {
      Instant previous = lastLoadAt.put(key, now);
      if (previous != null
          && Duration.between(previous, now).compareTo(fake.minLoadInterval()) < 0) {
        fake.problem(
            "load job "
                + jobId
                + " of "
                + key
                + " came "
                + Duration.between(previous, now).toMillis()
                + " ms after the previous one (at least "
                + fake.minLoadInterval().toMillis()
                + " ms)");
      }
    }
    ObjectNode resource = resource(job);
    Path file = Files.createTempFile("fake-bigquery-", ".parquet");
    long rows = 0;
    try {
      Files.write(file, upload.bytes().toByteArray());
      String[] reject = rejectedValue;
      if (reject != null && catalog.countMatching(file, reject[0], reject[1]) > 0) {
        done(resource, "Error while reading data, error message: value '" + reject[1] + "'");
        jobs.put(jobId, resource);
        loads.add(new LoadJob(jobId, dataset, table, now, 0, load.path("schema").path("fields")));
        return Reply.ok(resource);
      }
      String error =
          new FakeLoad(fake, catalog).run(dataset, table, load.path("schema").path("fields"), file);
      if (error == null) {
        rows = catalog.append(dataset, table, file);
        ((ObjectNode) resource.path("statistics"))
            .putObject("load")
            .put("outputRows", Long.toString(rows));
      } else {
        fake.problem("load job " + jobId + " rejected: " + error);
      }
      done(resource, error);
    } finally {
      Files.deleteIfExists(file);
    }
    jobs.put(jobId, resource);
    loads.add(
        new LoadJob(
            jobId, dataset, table, now, rows, load.path("schema").path("fields").deepCopy()));
    return Reply.ok(resource);
  }

  static String lower(String text) {
    return text.toLowerCase(Locale.ROOT);
  }
}
