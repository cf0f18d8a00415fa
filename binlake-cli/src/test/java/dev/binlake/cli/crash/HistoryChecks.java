package dev.binlake.cli.crash;

import static org.assertj.core.api.Assertions.assertThat;

import dev.binlake.cli.demo.TableComparison;
import dev.binlake.testing.ThrowawayMariaDb;
import dev.binlake.warehouse.duckdb.DuckDbWarehouse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the crash tests check after the last run: streamed changes equal the audited ones, no order
 * key twice, no row read twice by the snapshot, and every latest view equals its source table.
 */
final class HistoryChecks {
  private HistoryChecks() {}

  static void assertExactlyOnce(
      ThrowawayMariaDb server, String db, long baseline, Path lake, Path stateDir)
      throws Exception {
    try (DuckDbWarehouse warehouse = DuckDbWarehouse.open(lake.resolveSibling("lake.duckdb"))) {
      for (String table : AuditedWorkload.TABLES) {
        List<String> audited = audited(server, db, table, baseline);
        List<String> history =
            column(
                warehouse,
                "SELECT \"Op\" || ' ' || id FROM \""
                    + db
                    + "\"."
                    + table
                    + "_history WHERE substr(binlake_order, 23, 1) = '1' ORDER BY 1");
        assertThat(history)
            .as(
                "streamed changes of %s; missing %s; extra %s; dead letters %s",
                table,
                difference(audited, history),
                difference(history, audited),
                readIfExists(stateDir.resolve("dead-letters.jsonl")))
            .hasSize(audited.size())
            .containsExactlyElementsOf(audited);
        assertThat(
                column(
                    warehouse,
                    "SELECT binlake_order FROM \""
                        + db
                        + "\"."
                        + table
                        + "_history GROUP BY 1 HAVING count(*) > 1"))
            .as("doubled order keys of %s", table)
            .isEmpty();
        assertThat(
                column(
                    warehouse,
                    "SELECT id || ' at ' || string_agg(binlake_order, ' ') FROM \""
                        + db
                        + "\"."
                        + table
                        + "_history WHERE substr(binlake_order, 23, 1) = '0'"
                        + " GROUP BY id HAVING count(*) > 1 ORDER BY id LIMIT 5"))
            .as("rows of %s the snapshot read twice", table)
            .isEmpty();
        try (Connection source = server.connect(db)) {
          TableComparison.Result result =
              TableComparison.compare(source, db, table, List.of("id"), warehouse::query);
          assertThat(result.differences()).as("view of %s", table).isEmpty();
        }
      }
    }
  }

  static long snapshotRows(Path lake, String db, String table) throws Exception {
    try (DuckDbWarehouse warehouse = DuckDbWarehouse.open(lake.resolveSibling("lake.duckdb"))) {
      return Long.parseLong(
          column(
                  warehouse,
                  "SELECT count(*) FROM \""
                      + db
                      + "\"."
                      + table
                      + "_history WHERE substr(binlake_order, 23, 1) = '0'")
              .get(0));
    }
  }

  private static List<String> column(DuckDbWarehouse warehouse, String sql) {
    return warehouse.query(sql).rows().stream().map(r -> String.valueOf(r.get(0))).toList();
  }

  /** The multiset difference a - b, sorted. */
  static List<String> difference(List<String> a, List<String> b) {
    Map<String, Integer> counts = new HashMap<>();
    b.forEach(x -> counts.merge(x, 1, Integer::sum));
    List<String> rest = new ArrayList<>();
    for (String x : a) {
      if (counts.getOrDefault(x, 0) > 0) {
        counts.merge(x, -1, Integer::sum);
      } else {
        rest.add(x);
      }
    }
    return rest;
  }

  static String readIfExists(Path file) throws Exception {
    return Files.exists(file) ? Files.readString(file) : "none";
  }

  static List<String> audited(ThrowawayMariaDb server, String db, String table, long baseline)
      throws Exception {
    List<String> rows = new ArrayList<>();
    try (Connection connection = server.connect(db);
        Statement statement = connection.createStatement();
        ResultSet rs =
            statement.executeQuery(
                "SELECT op, id FROM audit_log WHERE seq > "
                    + baseline
                    + " AND tbl = '"
                    + table
                    + "'")) {
      while (rs.next()) {
        rows.add(rs.getString(1) + " " + rs.getLong(2));
      }
    }
    return rows.stream().sorted().toList();
  }

  static long maxAuditSeq(ThrowawayMariaDb server, String db) throws Exception {
    try (Connection connection = server.connect(db);
        Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("SELECT COALESCE(MAX(seq), 0) FROM audit_log")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  static long countFiles(Path folder, String prefix) throws Exception {
    if (!Files.exists(folder)) {
      return 0;
    }
    while (true) {
      try (var files = Files.walk(folder)) {
        return files
            .filter(f -> f.toString().endsWith(".parquet"))
            .filter(f -> f.getFileName().toString().startsWith(prefix))
            .count();
      } catch (java.io.UncheckedIOException e) {
        // A temporary file was renamed while walking: the running binlake just stored a file.
      }
    }
  }
}
