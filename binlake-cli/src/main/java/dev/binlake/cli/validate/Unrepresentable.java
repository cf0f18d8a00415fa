package dev.binlake.cli.validate;

import dev.binlake.api.QueryResult;
import dev.binlake.api.TableId;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Reads the "values not representable" figure from the warehouse. Capture stores such values as
 * NULL and names their columns in the row's {@code binlake_unrepresentable} column (tables with
 * TIMESTAMP columns have it), so the counts live with the rows: exactly once, in every warehouse.
 */
public final class Unrepresentable {
  static final String COLUMN = "binlake_unrepresentable";

  private Unrepresentable() {}

  /**
   * Per table and column, the number of history changes whose value was not representable; {@code
   * query} runs DuckDB SQL (e.g. {@code WarehouseAccess::query}). Tables without any are left out.
   */
  public static List<UnrepresentableCount> counts(Function<String, QueryResult> query) {
    QueryResult tables =
        query.apply(
            "SELECT schema_name, table_name FROM duckdb_columns()"
                + " WHERE column_name = '"
                + COLUMN
                + "' AND table_name LIKE '%\\_history' ESCAPE '\\'"
                + " ORDER BY 1, 2");
    List<String> parts = new ArrayList<>();
    for (List<Object> row : tables.rows()) {
      String schema = row.get(0).toString();
      String history = row.get(1).toString();
      String table = history.substring(0, history.length() - "_history".length());
      parts.add(
          "SELECT "
              + Validation.literal(schema)
              + " AS s, "
              + Validation.literal(table)
              + " AS t, c, CAST(count(*) AS VARCHAR) AS n FROM (SELECT unnest(string_split("
              + WarehouseSql.quote(COLUMN)
              + ", ',')) AS c FROM "
              + WarehouseSql.quote(schema)
              + "."
              + WarehouseSql.quote(history)
              + " WHERE "
              + WarehouseSql.quote(COLUMN)
              + " IS NOT NULL) GROUP BY c");
    }
    if (parts.isEmpty()) {
      return List.of();
    }
    List<UnrepresentableCount> counts = new ArrayList<>();
    for (List<Object> row :
        query.apply(String.join(" UNION ALL ", parts) + " ORDER BY s, t, c").rows()) {
      counts.add(
          new UnrepresentableCount(
              new TableId(row.get(0).toString(), row.get(1).toString()),
              row.get(2).toString(),
              Long.parseLong(row.get(3).toString())));
    }
    return counts;
  }
}
