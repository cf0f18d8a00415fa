package dev.binlake.cli.validate;

import dev.binlake.api.TableId;
import java.util.Locale;
import java.util.Optional;

/** DuckDB's SQL; the warehouse type is as {@code duckdb_columns()} spells it. */
final class DuckDbDialect implements WarehouseDialect {
  private static final String DATETIME = "'%Y-%m-%d %H:%M:%S.%f'";
  private static final CanonicalColumn.FloatingFunctions FLOATING =
      new CanonicalColumn.FloatingFunctions(
          "floor(log2(abs(%s)))",
          "pow(2, %s)", "CAST(%s AS BIGINT)", "CAST(%s AS VARCHAR)", "CAST(%s AS DOUBLE)");

  @Override
  public String columnsQuery(TableId table) {
    return "SELECT column_name, data_type FROM duckdb_columns() WHERE schema_name = "
        + Validation.literal(table.schema())
        + " AND table_name = "
        + Validation.literal(table.table() + "_history");
  }

  @Override
  public String toText(String expression) {
    return "CAST(" + expression + " AS VARCHAR)";
  }

  @Override
  public String hexToInteger(String hex) {
    return "CAST(('0x' || " + hex + ") AS BIGINT)";
  }

  @Override
  public String integerKey(String column) {
    return "CAST(" + column + " AS HUGEINT)";
  }

  @Override
  public String divide(String dividend, String divisor) {
    return "(" + dividend + ") // " + divisor;
  }

  @Override
  public Optional<String> canonical(CanonicalColumn.Kind kind, String w, String warehouseType) {
    String type = warehouseType.toUpperCase(Locale.ROOT);
    return Optional.of(
        switch (kind) {
          case NUMBER ->
              withoutTrailingZeros(
                  type.equals("BOOLEAN")
                      ? "CAST(CAST(" + w + " AS INTEGER) AS VARCHAR)"
                      : "CAST(" + w + " AS VARCHAR)");
          case FLOATING -> CanonicalColumn.floating(w, FLOATING);
          case BYTES -> "md5(" + w + ")";
          case DATE -> "strftime(" + w + ", '%Y-%m-%d')";
          case DATETIME -> "strftime(" + w + ", " + DATETIME + ")";
          case TIMESTAMP -> "strftime(timezone('UTC', " + w + "), " + DATETIME + ")";
          case TIME, JSON, TEXT -> "CAST(" + w + " AS VARCHAR)";
        });
  }
}
