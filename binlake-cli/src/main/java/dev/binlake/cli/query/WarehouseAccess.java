package dev.binlake.cli.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.binlake.api.BinlakeException;
import dev.binlake.api.ErrorCode;
import dev.binlake.api.QueryResult;
import dev.binlake.api.TableStats;
import dev.binlake.api.Warehouse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Reads from the warehouse through the running binlake's endpoint when there is one, else by
 * opening the DuckDB file directly.
 */
public final class WarehouseAccess {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path stateDir;
  private final Supplier<Warehouse> opener;

  /** Reads through the endpoint in {@code stateDir} if binlake runs, else opens the warehouse. */
  public WarehouseAccess(Path stateDir, Supplier<Warehouse> opener) {
    this.stateDir = stateDir;
    this.opener = opener;
  }

  public QueryResult query(String sql) {
    JsonNode endpoint = endpoint();
    if (endpoint != null) {
      JsonNode root = call(endpoint, "/query", sql);
      if (root != null) {
        List<String> columns = new ArrayList<>();
        root.path("columns").forEach(c -> columns.add(c.asText()));
        List<List<Object>> rows = new ArrayList<>();
        for (JsonNode row : root.path("rows")) {
          List<Object> values = new ArrayList<>();
          row.forEach(v -> values.add(v.isNull() ? null : v.asText()));
          rows.add(values);
        }
        return new QueryResult(columns, rows);
      }
    }
    try (Warehouse warehouse = opener.get()) {
      return warehouse.query(sql);
    }
  }

  public List<TableStats> tableStats() {
    JsonNode endpoint = endpoint();
    if (endpoint != null) {
      JsonNode root = call(endpoint, "/tables", "");
      if (root != null) {
        return TableStatsJson.fromJson(root);
      }
    }
    try (Warehouse warehouse = opener.get()) {
      return warehouse.tableStats();
    }
  }

  /** Counters of the running binlake (changes captured, files stored), if one is running. */
  public Optional<JsonNode> runStats() {
    JsonNode endpoint = endpoint();
    return endpoint == null ? Optional.empty() : Optional.ofNullable(call(endpoint, "/run", ""));
  }

  private JsonNode endpoint() {
    Path file = stateDir.resolve(QueryEndpoint.FILE_NAME);
    if (!Files.exists(file)) {
      return null;
    }
    try {
      return JSON.readTree(file.toFile());
    } catch (IOException e) {
      return null;
    }
  }

  /** Returns the response, or null when no binlake answers on the endpoint's port (stale file). */
  private static JsonNode call(JsonNode endpoint, String path, String body) {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + endpoint.path("port").asInt() + path))
            .header(QueryEndpoint.TOKEN_HEADER, endpoint.path("token").asText())
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    HttpResponse<String> response;
    try {
      response = client.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
    try {
      JsonNode root = JSON.readTree(response.body());
      if (response.statusCode() != 200) {
        throw new BinlakeException(
            ErrorCode.WAREHOUSE_FAILED,
            "Cannot run query: %s",
            root.path("error").asText(response.body()));
      }
      return root;
    } catch (IOException e) {
      throw new BinlakeException(
          ErrorCode.WAREHOUSE_FAILED,
          e,
          "Cannot read the answer of the running binlake: %s",
          e.getMessage());
    }
  }
}
