package dev.binlake.cli.query;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.binlake.api.BinlakeException;
import dev.binlake.api.ErrorCode;
import dev.binlake.api.QueryResult;
import dev.binlake.api.Warehouse;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * Serves warehouse queries of a running binlake on 127.0.0.1, so that {@code binlake query} and
 * {@code status} work while this process holds the DuckDB file. The port and a random token are in
 * {@code <state>/endpoint.json} (owner-only permissions).
 */
public final class QueryEndpoint implements AutoCloseable {
  static final String FILE_NAME = "endpoint.json";
  static final String TOKEN_HEADER = "X-Binlake-Token";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final Path file;

  private QueryEndpoint(HttpServer server, Path file) {
    this.server = server;
    this.file = file;
  }

  public static QueryEndpoint start(
      Warehouse warehouse, Path stateDir, Supplier<Map<String, Object>> runStats) {
    byte[] secret = new byte[24];
    new SecureRandom().nextBytes(secret);
    String token = HexFormat.of().formatHex(secret);
    try {
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
      server.setExecutor(
          Executors.newFixedThreadPool(
              2,
              r -> {
                Thread thread = new Thread(r, "binlake-query");
                thread.setDaemon(true);
                return thread;
              }));
      server.createContext(
          "/query",
          exchange ->
              handle(
                  exchange,
                  token,
                  () -> {
                    String sql =
                        new String(
                            exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                    return toJson(warehouse.query(sql));
                  }));
      server.createContext(
          "/tables",
          exchange ->
              handle(
                  exchange,
                  token,
                  () -> JSON.writeValueAsString(TableStatsJson.toJson(warehouse.tableStats()))));
      server.createContext(
          "/run",
          exchange -> handle(exchange, token, () -> JSON.writeValueAsString(runStats.get())));
      server.start();
      Path file = stateDir.resolve(FILE_NAME);
      ObjectNode endpoint = JSON.createObjectNode();
      endpoint.put("port", server.getAddress().getPort());
      endpoint.put("token", token);
      endpoint.put("pid", ProcessHandle.current().pid());
      // Loader processes may share a state folder: each writes its own temporary file, and the
      // last one to start is the one `query` reaches.
      Path temp = stateDir.resolve(FILE_NAME + "." + ProcessHandle.current().pid() + ".tmp");
      Files.deleteIfExists(temp);
      Files.createFile(
          temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(temp, JSON.writeValueAsString(endpoint));
      Files.move(
          temp,
          file,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE,
          java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      return new QueryEndpoint(server, file);
    } catch (IOException e) {
      throw new BinlakeException(
          ErrorCode.INTERNAL,
          e,
          "Cannot start the query endpoint on 127.0.0.1: %s",
          e.getMessage());
    }
  }

  private interface Body {
    String produce() throws IOException;
  }

  private static void handle(HttpExchange exchange, String token, Body body) throws IOException {
    try (exchange) {
      int status = 200;
      String response;
      if (!token.equals(exchange.getRequestHeaders().getFirst(TOKEN_HEADER))) {
        status = 403;
        response = error("wrong token");
      } else {
        try {
          response = body.produce();
        } catch (RuntimeException e) {
          status = 400;
          response = error(e.getMessage());
        }
      }
      byte[] bytes = response.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(status, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  private static String error(String message) throws IOException {
    ObjectNode node = JSON.createObjectNode();
    node.put("error", message == null ? "unknown error" : message);
    return JSON.writeValueAsString(node);
  }

  static String toJson(QueryResult result) throws IOException {
    ObjectNode root = JSON.createObjectNode();
    ArrayNode columns = root.putArray("columns");
    result.columns().forEach(columns::add);
    ArrayNode rows = root.putArray("rows");
    for (List<Object> row : result.rows()) {
      ArrayNode node = rows.addArray();
      for (Object value : row) {
        node.add(value == null ? null : ValueText.of(value));
      }
    }
    return JSON.writeValueAsString(root);
  }

  @Override
  public void close() {
    server.stop(0);
    try {
      String content = Files.readString(file);
      if (JSON.readTree(content).path("pid").asLong() == ProcessHandle.current().pid()) {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      // A stale endpoint file is detected by the client when the port does not answer.
    }
  }
}
