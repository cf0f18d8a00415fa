package dev.binlake.warehouse.bigquery.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fake BigQuery REST server on 127.0.0.1 (a free port) for one project and location. It serves
 * datasets get/insert, tables get/insert/patch/update, jobs insert/get (query jobs run in DuckDB),
 * the resumable upload of load jobs, getQueryResults and tabledata.list of query results. Every
 * request is checked; anything unexpected is answered with HTTP 400 and recorded in {@link
 * #problems()}, which a test asserts empty.
 */
public final class FakeBigQuery implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String RESULTS_DATASET = "_fake_results";

  private static final Pattern PATH =
      Pattern.compile(
          "/(upload/)?bigquery/v2/projects/([^/]+)(?:/(datasets|jobs|queries)(?:/([^/]+)"
              + "(?:/tables(?:/([^/]+)(/data)?)?)?)?)?");

  /** A load job as the fake saw it created. */
  public record LoadJob(
      String jobId, String dataset, String table, Instant createdAt, long rows, JsonNode schema) {}

  /** What the next request matching {@code method} and {@code pathPart} gets instead. */
  private record Fault(String method, String pathPart, int status) {}

  private final String project;
  private final String location;
  private final Duration minLoadInterval;
  private final HttpServer server;
  private final FakeCatalog catalog;
  private final FakeJobs jobs;
  private final List<String> problems = Collections.synchronizedList(new ArrayList<>());
  private final List<String> requests = Collections.synchronizedList(new ArrayList<>());
  private final List<Fault> faults = Collections.synchronizedList(new ArrayList<>());
  private final Set<String> hiddenOnce = ConcurrentHashMap.newKeySet();
  final Map<String, String> datasets = new ConcurrentHashMap<>();

  /** Table and view resources by {@code dataset.table}. */
  final Map<String, ObjectNode> tables = new ConcurrentHashMap<>();

  private FakeBigQuery(String project, String location, Duration minLoadInterval)
      throws IOException, SQLException {
    this.project = project;
    this.location = location;
    this.minLoadInterval = minLoadInterval;
    this.catalog = new FakeCatalog(project);
    this.catalog.execute("CREATE SCHEMA " + FakeCatalog.quote(RESULTS_DATASET));
    this.jobs = new FakeJobs(this, catalog);
    this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    this.server.createContext("/", this::handle);
  }

  /**
   * Starts a fake that serves {@code project} in {@code location} and flags a load job that comes
   * less than {@code minLoadInterval} after the previous one of the same table.
   */
  public static FakeBigQuery start(String project, String location, Duration minLoadInterval)
      throws IOException, SQLException {
    FakeBigQuery fake = new FakeBigQuery(project, location, minLoadInterval);
    fake.server.start();
    return fake;
  }

  /** {@code http://127.0.0.1:<port>}, for {@code BigQueryOptions.setHost}. */
  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  String project() {
    return project;
  }

  String location() {
    return location;
  }

  Duration minLoadInterval() {
    return minLoadInterval;
  }

  /** Everything the fake did not expect; empty when binlake behaved. */
  public List<String> problems() {
    synchronized (problems) {
      return List.copyOf(problems);
    }
  }

  /** Every request as {@code METHOD path -> status}, in order. */
  public List<String> requests() {
    synchronized (requests) {
      return List.copyOf(requests);
    }
  }

  public List<LoadJob> loadJobs() {
    return jobs.loadJobs();
  }

  /** Job ids whose insert was answered 409 Already Exists. */
  public List<String> duplicateJobInserts() {
    return jobs.duplicates();
  }

  /**
   * The next request with this method whose path starts with {@code pathPrefix} gets {@code
   * status}.
   */
  public void failOnce(String method, String pathPart, int status) {
    faults.add(new Fault(method, pathPart, status));
  }

  /**
   * Load jobs whose file holds {@code value} in {@code column} end DONE with an {@code invalid}
   * error, as BigQuery ends a job whose data it cannot read.
   */
  public void rejectValue(String column, String value) {
    jobs.rejectValue(column, value);
  }

  /** The next jobs.get of this job answers 404, as if the job were not created yet. */
  public void hideJobOnce(String jobId) {
    hiddenOnce.add(jobId);
  }

  /**
   * The next query job whose SQL contains {@code sqlPart} is refused without running (HTTP 400, not
   * retried): the caller sees the failure a crash right before that job would leave.
   */
  public void refuseQueryOnce(String sqlPart) {
    jobs.refuseOnce(sqlPart);
  }

  /** Runs GoogleSQL on the fake's data (for assertions). */
  public FakeCatalog.Rows sql(String googleSql) throws SQLException {
    return catalog.query(googleSql, Map.of());
  }

  void problem(String text) {
    problems.add(text);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try {
      serve(exchange);
    } catch (IOException | RuntimeException | Error e) {
      problem("the fake failed on " + exchange.getRequestURI() + ": " + e);
      e.printStackTrace();
      throw e;
    }
  }

  private void serve(HttpExchange exchange) throws IOException {
    String method = exchange.getRequestMethod();
    String override = exchange.getRequestHeaders().getFirst("X-HTTP-Method-Override");
    if (override != null) {
      method = override;
    }
    String path = exchange.getRequestURI().getRawPath();
    Map<String, String> query = queryParameters(exchange.getRequestURI().getRawQuery());
    byte[] body = exchange.getRequestBody().readAllBytes();
    if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
      try (java.util.zip.GZIPInputStream in =
          new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(body))) {
        body = in.readAllBytes();
      }
    }
    Reply reply;
    try {
      reply = injectedFault(method, path);
      if (reply == null) {
        reply = route(exchange, method, path, query, body);
      }
    } catch (RuntimeException | SQLException e) {
      problem(method + " " + path + " failed in the fake: " + e);
      reply = Reply.error(500, "internalError", "fake failed: " + e);
    }
    requests.add(method + " " + path + " -> " + reply.status());
    if (reply.status() == 400 && !reply.expected()) {
      problem(method + " " + path + ": " + reply.body().path("error").path("message").asText());
    }
    reply.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
    byte[] bytes = reply.body() == null ? new byte[0] : JSON.writeValueAsBytes(reply.body());
    exchange.getResponseHeaders().add("Content-Type", "application/json; charset=UTF-8");
    exchange.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private Reply injectedFault(String method, String path) {
    synchronized (faults) {
      for (Fault fault : faults) {
        if (fault.method().equals(method) && path.startsWith(fault.pathPart())) {
          faults.remove(fault);
          return Reply.error(fault.status(), "backendError", "injected transient failure");
        }
      }
    }
    return null;
  }

  private Reply route(
      HttpExchange exchange, String method, String path, Map<String, String> query, byte[] body)
      throws SQLException, IOException {
    Matcher m = PATH.matcher(path);
    if (!m.matches()) {
      return Reply.error(400, "invalid", "unexpected path " + path);
    }
    if (!project.equals(m.group(2))) {
      return Reply.error(400, "invalid", "unexpected project " + m.group(2) + " in " + path);
    }
    boolean isUpload = m.group(1) != null;
    String collection = m.group(3);
    String id = m.group(4);
    String table = m.group(5);
    boolean isData = m.group(6) != null;
    String tablesPart = path.contains("/tables") ? "tables" : null;
    if (isUpload) {
      if (!"jobs".equals(collection) || id != null) {
        return Reply.error(400, "invalid", "unexpected upload path " + path);
      }
      return switch (method) {
        case "POST" -> jobs.startUpload(exchange, query, body, url());
        case "PUT" -> jobs.uploadChunk(exchange, query, body);
        default -> Reply.error(400, "invalid", "unexpected upload method " + method);
      };
    }
    if ("datasets".equals(collection) && tablesPart == null) {
      if (id == null && method.equals("POST")) {
        return insertDataset(parse(body));
      }
      if (id != null && method.equals("GET")) {
        return getDataset(id);
      }
    } else if ("datasets".equals(collection)) {
      FakeTables tables = new FakeTables(this, catalog);
      if (table == null && method.equals("POST")) {
        return tables.insert(id, parse(body));
      }
      if (table != null && isData && method.equals("GET")) {
        return jobs.listData(id, table, query);
      }
      if (table != null && !isData) {
        switch (method) {
          case "GET":
            return tables.get(id, table);
          case "PATCH":
          case "PUT":
            return tables.update(id, table, parse(body));
          case "DELETE":
            return tables.delete(id, table);
          default:
            break;
        }
      }
    } else if ("jobs".equals(collection)) {
      if (id == null && method.equals("POST")) {
        return jobs.insertQuery(parse(body), query);
      }
      if (id != null && method.equals("GET")) {
        if (hiddenOnce.remove(id)) {
          return Reply.error(404, "notFound", "Not found: Job " + project + ":" + id);
        }
        return jobs.get(id, query);
      }
    } else if ("queries".equals(collection) && id != null && method.equals("GET")) {
      return jobs.queryResults(id, query);
    }
    return Reply.error(400, "invalid", "unexpected request " + method + " " + path);
  }

  private Reply insertDataset(JsonNode body) {
    String dataset = body.path("datasetReference").path("datasetId").asText();
    if (dataset.isEmpty() || !dataset.matches("[A-Za-z0-9_]+")) {
      return Reply.error(400, "invalid", "invalid dataset id '" + dataset + "'");
    }
    if (!project.equals(body.path("datasetReference").path("projectId").asText())) {
      return Reply.error(400, "invalid", "dataset of another project: " + body);
    }
    if (!location.equals(body.path("location").asText())) {
      return Reply.error(400, "invalid", "dataset " + dataset + " without location " + location);
    }
    if (datasets.putIfAbsent(dataset, location) != null) {
      return Reply.error(409, "duplicate", "Already Exists: Dataset " + project + ":" + dataset);
    }
    try {
      catalog.execute("CREATE SCHEMA " + FakeCatalog.quote(dataset));
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return Reply.ok(datasetJson(dataset));
  }

  private Reply getDataset(String dataset) {
    if (!datasets.containsKey(dataset)) {
      return Reply.error(404, "notFound", "Not found: Dataset " + project + ":" + dataset);
    }
    return Reply.ok(datasetJson(dataset));
  }

  private ObjectNode datasetJson(String dataset) {
    ObjectNode node = JSON.createObjectNode().put("kind", "bigquery#dataset");
    node.put("id", project + ":" + dataset).put("location", location);
    node.putObject("datasetReference").put("projectId", project).put("datasetId", dataset);
    return node;
  }

  static JsonNode parse(byte[] body) throws IOException {
    return body.length == 0 ? JSON.createObjectNode() : JSON.readTree(body);
  }

  private static Map<String, String> queryParameters(String raw) {
    Map<String, String> parameters = new LinkedHashMap<>();
    if (raw == null) {
      return parameters;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String name =
          URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String value =
          eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      parameters.put(name, value);
    }
    return parameters;
  }

  /** Datasets the fake holds. */
  public Set<String> datasetNames() {
    return new HashSet<>(datasets.keySet());
  }

  @Override
  public void close() throws SQLException {
    server.stop(0);
    catalog.close();
  }

  /** An HTTP answer; {@code expected} marks a 4xx that is normal (404 lookups, 409 retries). */
  record Reply(int status, JsonNode body, Map<String, String> headers, boolean expected) {
    static Reply ok(JsonNode body) {
      return new Reply(200, body, Map.of(), true);
    }

    static Reply error(int status, String reason, String message) {
      ObjectNode root = JSON.createObjectNode();
      ObjectNode error = root.putObject("error").put("code", status).put("message", message);
      ArrayNode errors = error.putArray("errors");
      errors.addObject().put("reason", reason).put("message", message).put("domain", "global");
      return new Reply(status, root, Map.of(), status != 400);
    }
  }
}
