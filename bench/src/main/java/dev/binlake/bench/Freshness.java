package dev.binlake.bench;

import dev.binlake.api.QueryResult;
import dev.binlake.api.Warehouse;
import dev.binlake.cli.ConfigFile;
import dev.binlake.cli.run.Pipeline;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Commit-to-visible latency: {@code binlake run} in this JVM while mariadb-slap writes; each row
 * carries the time of its write in {@code ts_us} (epoch microseconds from NOW(6), written in
 * autocommit, so it is the commit time within the statement's run time). A poller reads the latest
 * view through {@link Warehouse#query} every 50 ms; a row version first seen at time T took T -
 * ts_us to become visible. Only versions still current at some poll are seen (a row updated again
 * before it was visible, or deleted, is not sampled).
 */
final class Freshness {
  private static final long POLL_MS = 50;

  private Freshness() {}

  static Map<String, Object> run(
      Path config, String sourceUrl, String table, List<String> slap, long timeoutSeconds)
      throws Exception {
    Map<String, Object> result = new LinkedHashMap<>();
    try (Pipeline pipeline = Pipeline.start(ConfigFile.load(config));
        Connection source = DriverManager.getConnection(sourceUrl, "root", "")) {
      Warehouse warehouse = pipeline.warehouse();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
      while (!viewExists(warehouse, table)) {
        check(deadline, "the initial snapshot of " + table + " to be visible");
        Thread.sleep(POLL_MS);
      }
      long startId = maxLong(source, "SELECT COALESCE(MAX(id), 0) FROM " + table);
      List<Long> latencies = new ArrayList<>();
      Set<String> seen = new HashSet<>();
      long watermark = 0;
      long slapStart = System.nanoTime();
      Process load =
          new ProcessBuilder(slap)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      long slapEnd = 0;
      long sourceMax = Long.MAX_VALUE;
      while (true) {
        check(deadline, "every write to be visible in " + table);
        if (slapEnd == 0 && !load.isAlive()) {
          slapEnd = System.nanoTime();
          if (load.exitValue() != 0) {
            throw new IllegalStateException(
                "mariadb-slap exited with " + load.exitValue() + ": " + String.join(" ", slap));
          }
          sourceMax = maxLong(source, "SELECT COALESCE(MAX(ts_us), 0) FROM " + table);
        }
        QueryResult rows =
            warehouse.query(
                "SELECT id, ts_us FROM "
                    + table
                    + " WHERE ts_us >= "
                    + Math.max(0, watermark - 5_000_000));
        long now = epochMicros();
        for (List<Object> row : rows.rows()) {
          long ts = ((Number) row.get(1)).longValue();
          if (seen.add(row.get(0) + ":" + ts)) {
            latencies.add(now - ts);
          }
          watermark = Math.max(watermark, ts);
        }
        if (slapEnd != 0 && watermark >= sourceMax) {
          break;
        }
        Thread.sleep(POLL_MS);
      }
      long inserts = maxLong(source, "SELECT COALESCE(MAX(id), 0) FROM " + table) - startId;
      double slapSeconds = (slapEnd - slapStart) / 1e9;
      // The workload's cycle: insert, update it, insert, delete it → 4 transactions per 2 ids.
      long transactions = inserts * 2;
      latencies.sort(null);
      result.put("transactions", transactions);
      result.put("seconds", slapSeconds);
      result.put("tx_per_s", transactions / slapSeconds);
      result.put("samples", latencies.size());
      result.put("p50_ms", percentile(latencies, 0.50) / 1000.0);
      result.put("p99_ms", percentile(latencies, 0.99) / 1000.0);
      result.put("max_ms", latencies.isEmpty() ? 0 : latencies.get(latencies.size() - 1) / 1000.0);
    }
    return result;
  }

  private static long epochMicros() {
    java.time.Instant now = java.time.Instant.now();
    return now.getEpochSecond() * 1_000_000 + now.getNano() / 1000;
  }

  private static double percentile(List<Long> sorted, double q) {
    if (sorted.isEmpty()) {
      return 0;
    }
    int index = (int) Math.ceil(q * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
  }

  private static boolean viewExists(Warehouse warehouse, String table) {
    try {
      warehouse.query("SELECT COUNT(*) FROM " + table);
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static long maxLong(Connection connection, String sql) throws Exception {
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static void check(long deadline, String what) {
    if (System.nanoTime() > deadline) {
      throw new IllegalStateException("Timed out waiting for " + what);
    }
  }
}
