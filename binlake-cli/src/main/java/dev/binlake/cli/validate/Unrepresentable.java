package dev.binlake.cli.validate;

import dev.binlake.api.QueryResult;
import dev.binlake.api.TableId;
import dev.binlake.cli.config.BinlakeConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Reads the "values not representable" figure from the warehouse. Capture stores such values as
 * NULL and names their columns in the row's {@code binlake_unrepresentable} column (tables with
 * TIMESTAMP or NOT NULL DATE/DATETIME columns have it), so the counts live with the rows: exactly
 * once, in every warehouse. The SQL is the same in DuckDB, PostgreSQL and BigQuery.
 */
public final class Unrepresentable {
  static final String COLUMN = "binlake_unrepresentable";
  private static final DuckDbDialect DUCKDB = new DuckDbDialect();

  private Unrepresentable() {}

  /**
   * Per table and column, the number of history changes whose value was not representable, in the
   * warehouse {@code binlake} configures; {@code query} runs its SQL. Tables without any are left
   * out.
   */
  public static List<UnrepresentableCount> counts(
      BinlakeConfig binlake, List<TableId> tables, Function<String, QueryResult> query) {
    return counts(ValidateCommand.dialect(binlake), tables, query);
  }

  /**
   * Like {@link #counts(BinlakeConfig, List, Function)} for every history table of a DuckDB
   * warehouse; {@code query} runs DuckDB SQL (e.g. {@code WarehouseAccess::query}).
   */
  public static List<UnrepresentableCount> counts(Function<String, QueryResult> query) {
    List<TableId> tables = new ArrayList<>();
    for (List<Object> row :
        query
            .apply(
                "SELECT DISTINCT schema_name, table_name FROM duckdb_columns()"
                    + " WHERE table_name LIKE '%\\_history' ESCAPE '\\' ORDER BY 1, 2")
            .rows()) {
      String history = row.get(1).toString();
      tables.add(
          new TableId(
              row.get(0).toString(), history.substring(0, history.length() - "_history".length())));
    }
    return counts(DUCKDB, tables, query);
  }

  static List<UnrepresentableCount> counts(
      WarehouseDialect dialect, List<TableId> tables, Function<String, QueryResult> query) {
    List<UnrepresentableCount> counts = new ArrayList<>();
    for (TableId table : tables) {
      List<String> columns = new ArrayList<>();
      boolean tracked = false;
      for (List<Object> row : query.apply(dialect.columnsQuery(table)).rows()) {
        String name = row.get(0).toString();
        tracked |= name.equals(COLUMN);
        if (!name.equals("Op") && !name.startsWith("binlake_")) {
          columns.add(name);
        }
      }
      if (!tracked || columns.isEmpty()) {
        continue;
      }
      // One pass over the history table; STRPOS, not LIKE, whose _ would match any character.
      String list = "CONCAT(',', " + dialect.quote(COLUMN) + ", ',')";
      List<String> sums = new ArrayList<>();
      for (String column : columns) {
        sums.add(
            "SUM(CASE WHEN STRPOS("
                + list
                + ", "
                + Validation.literal("," + column + ",")
                + ") > 0 THEN 1 ELSE 0 END)");
      }
      List<Object> row =
          query
              .apply(
                  "SELECT "
                      + String.join(", ", sums)
                      + " FROM "
                      + dialect.historyTable(table)
                      + " WHERE "
                      + dialect.quote(COLUMN)
                      + " IS NOT NULL")
              .rows()
              .get(0);
      for (int i = 0; i < columns.size(); i++) {
        long changes = row.get(i) == null ? 0 : Long.parseLong(row.get(i).toString());
        if (changes > 0) {
          counts.add(new UnrepresentableCount(table, columns.get(i), changes));
        }
      }
    }
    counts.sort(
        java.util.Comparator.comparing((UnrepresentableCount c) -> c.table().toString())
            .thenComparing(UnrepresentableCount::column));
    return counts;
  }
}
