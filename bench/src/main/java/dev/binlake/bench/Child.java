package dev.binlake.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.binlake.cli.Main;
import dev.binlake.files.ParquetChangeReader;
import dev.binlake.load.FileDeadLetters;
import dev.binlake.load.Loader;
import dev.binlake.storage.LocalObjectStore;
import dev.binlake.warehouse.duckdb.DuckDbWarehouse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One benchmark run in its own JVM (started by {@link Bench} with -Xmx512m): {@code java ... Child
 * <task.json> <result.json>}. The task names what to run; the result holds the timing (from the
 * start of the work, JVM start excluded) and this JVM's peak heap and RSS.
 */
public final class Child {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Child() {}

  public static void main(String[] args) throws Exception {
    Memory.track();
    ThreadCpu.track();
    JsonNode task = JSON.readTree(Path.of(args[0]).toFile());
    Map<String, Object> result = new LinkedHashMap<>();
    long start = System.nanoTime();
    long cpuStart = processCpuNanos();
    switch (task.get("kind").asText()) {
      case "binlake" -> {
        int code = Main.execute(strings(task.get("args")).toArray(String[]::new));
        if (code != 0) {
          throw new IllegalStateException(
              "binlake " + strings(task.get("args")) + " exited " + code);
        }
        result.put("seconds", (System.nanoTime() - start) / 1e9);
      }
      case "debezium-noop" ->
          result.putAll(
              NoopDebezium.run(
                  NoopDebezium.properties(
                      task.get("host").asText(),
                      task.get("port").asInt(),
                      "root",
                      "",
                      task.get("serverId").asLong(),
                      Path.of(task.get("stateDir").asText()),
                      task.get("database").asText(),
                      task.get("offsetFlushMs").asLong()),
                  task.get("expected").asLong(),
                  task.get("timeoutSeconds").asLong()));
      case "direct-binlog" ->
          result.putAll(
              DirectCapture.run(
                  task.get("host").asText(),
                  task.get("port").asInt(),
                  task.get("serverId").asLong(),
                  task.get("database").asText(),
                  task.get("binlogFile").asText(),
                  task.get("expected").asLong(),
                  Path.of(task.get("dir").asText()),
                  task.get("timeoutSeconds").asLong()));
      case "direct-snapshot" ->
          result.putAll(
              DirectSnapshot.run(
                  task.get("host").asText(),
                  task.get("port").asInt(),
                  task.get("database").asText(),
                  Path.of(task.get("dir").asText())));
      case "duckdb-insert" -> result.putAll(duckDbInsert(task));
      case "binlake-loader" -> result.putAll(binlakeLoader(task));
      case "freshness" ->
          result.putAll(
              Freshness.run(
                  Path.of(task.get("config").asText()),
                  task.get("sourceUrl").asText(),
                  task.get("table").asText(),
                  strings(task.get("slap")),
                  task.get("timeoutSeconds").asLong()));
      default -> throw new IllegalArgumentException("Unknown task " + task.get("kind"));
    }
    // CPU of every thread of this JVM (JIT and GC included) while the work ran: unlike wall time,
    // it barely moves when other work shares the machine.
    result.put("cpu_seconds", (processCpuNanos() - cpuStart) / 1e9);
    // Whole-process CPU per thread group (start-up included), to see where a run's CPU went.
    result.put("cpu_seconds_by_thread", ThreadCpu.report(processCpuNanos() / 1e9));
    result.putAll(Memory.report());
    JSON.writerWithDefaultPrettyPrinter().writeValue(Path.of(args[1]).toFile(), result);
    System.exit(0); // engine and DuckDB threads may linger; the result is written
  }

  /**
   * binlake's loader without the command line around it: store and warehouse are opened first
   * (DuckDB's baseline opens its file untimed too), then {@link Loader#catchUp} loads every stored
   * file (history table, view, ledger, one transaction per file) and is timed. Untimed before that,
   * like the baseline's {@code CREATE TABLE … LIMIT 0} from the files: one file's footer is read in
   * Java and DuckDB reads its schema, so neither side pays class loading, JIT or loading DuckDB's
   * Parquet extension in the timed part (the {@code load --once} row shows all of that).
   */
  private static Map<String, Object> binlakeLoader(JsonNode task) throws Exception {
    Map<String, Object> result = new LinkedHashMap<>();
    Path lake = Path.of(task.get("lake").asText());
    try (LocalObjectStore store = new LocalObjectStore(lake);
        DuckDbWarehouse warehouse = DuckDbWarehouse.open(Path.of(task.get("path").asText()))) {
      Loader loader =
          new Loader(
              store, warehouse, "", new FileDeadLetters(Path.of(task.get("stateDir").asText())));
      String first = store.list("").get(0).key();
      Path firstFile = lake.resolve(first);
      ParquetChangeReader.readChangeFile(firstFile, first);
      warehouse.query(
          "SELECT * FROM read_parquet('" + firstFile.toString().replace("'", "''") + "') LIMIT 0");
      long start = System.nanoTime();
      int files = loader.catchUp();
      warehouse.flush();
      result.put("seconds", (System.nanoTime() - start) / 1e9);
      result.put("files", files);
    }
    return result;
  }

  /**
   * DuckDB's own load: per table one {@code INSERT INTO t SELECT * FROM read_parquet([...])} of the
   * same files into a new database file (table created empty from the files' schema first).
   */
  private static Map<String, Object> duckDbInsert(JsonNode task) throws Exception {
    long rows = 0;
    double seconds = 0;
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:" + task.get("path").asText());
        Statement statement = duck.createStatement()) {
      int n = 0;
      for (Map.Entry<String, JsonNode> table : task.get("tables").properties()) {
        List<String> quoted = new ArrayList<>();
        for (String file : strings(table.getValue())) {
          quoted.add("'" + file.replace("'", "''") + "'");
        }
        String source = "read_parquet([" + String.join(", ", quoted) + "])";
        String name = "t" + (++n);
        statement.execute("CREATE TABLE " + name + " AS SELECT * FROM " + source + " LIMIT 0");
        long start = System.nanoTime();
        rows += statement.executeUpdate("INSERT INTO " + name + " SELECT * FROM " + source);
        seconds += (System.nanoTime() - start) / 1e9;
      }
    }
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("seconds", seconds);
    result.put("rows", rows);
    return result;
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(value -> values.add(value.asText()));
    return values;
  }
}
