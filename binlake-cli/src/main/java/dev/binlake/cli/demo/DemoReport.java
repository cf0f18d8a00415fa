package dev.binlake.cli.demo;

import dev.binlake.api.QueryResult;
import dev.binlake.cli.query.ResultTable;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What both demos print after replicating the shop workload: recent history, the first rows of the
 * latest view, and a value-by-value comparison of each source table with its view.
 */
final class DemoReport {
  static final List<String> TABLE_NAMES = List.of("customers", "products", "orders");
  private static final Map<String, List<String>> KEYS =
      Map.of("customers", List.of("id"), "products", List.of("sku"), "orders", List.of("id"));

  private DemoReport() {}

  /** Whether every shop table equals its latest view now. */
  static boolean allEqual(Connection source, Function<String, QueryResult> warehouse)
      throws SQLException {
    for (String table : TABLE_NAMES) {
      if (!TableComparison.compare(source, "shop", table, KEYS.get(table), warehouse).isEqual()) {
        return false;
      }
    }
    return true;
  }

  /** Prints history, view and comparison; returns whether every table is equal. */
  static boolean print(PrintWriter out, Connection source, Function<String, QueryResult> warehouse)
      throws SQLException {
    out.println();
    out.println("== Change history: the last 8 changes of shop.orders ==");
    ResultTable.print(
        warehouse.apply(
            "SELECT \"Op\", binlake_commit_ts, binlake_order, id, status, qty, note FROM"
                + " shop.orders_history ORDER BY binlake_order DESC LIMIT 8"),
        out);
    out.println();
    out.println("== Latest view: the first 5 rows of shop.orders ==");
    ResultTable.print(
        warehouse.apply(
            "SELECT id, customer_id, sku, qty, status, updated_at FROM shop.orders ORDER BY id"
                + " LIMIT 5"),
        out);
    out.println();
    out.println("== Source versus latest view, value by value ==");
    boolean allEqual = true;
    for (String table : TABLE_NAMES) {
      TableComparison.Result result =
          TableComparison.compare(source, "shop", table, KEYS.get(table), warehouse);
      QueryResult history = warehouse.apply("SELECT count(*) FROM shop." + table + "_history");
      out.printf(
          "shop.%-10s source %5d rows, view %5d rows, history %5s changes: %s%n",
          table,
          result.sourceRows(),
          result.viewRows(),
          history.rows().get(0).get(0),
          result.isEqual() ? "EQUAL" : "DIFFERENT " + result.differences());
      allEqual &= result.isEqual();
    }
    out.println();
    return allEqual;
  }
}
