package dev.binlake.cli.validate;

import dev.binlake.api.TableId;
import java.util.Locale;
import java.util.Optional;

/**
 * PostgreSQL's SQL; the warehouse type is {@code information_schema.columns.data_type}. JSON lands
 * as {@code jsonb}, which normalizes key order, whitespace and duplicate keys, so its text is not
 * the source's: JSON values are compared as present or NULL only.
 */
final class PostgresDialect implements WarehouseDialect {
  private static final String DATETIME = "'YYYY-MM-DD HH24:MI:SS.US'";
  private static final CanonicalColumn.FloatingFunctions FLOATING =
      new CanonicalColumn.FloatingFunctions(
          "floor(ln(abs(%s)) / ln(2::double precision))",
          "power(2::double precision, %s)",
          "CAST(%s AS bigint)",
          "CAST(%s AS text)",
          "CAST(%s AS double precision)");

  @Override
  public String columnsQuery(TableId table) {
    return "SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = "
        + Validation.literal(table.schema())
        + " AND table_name = "
        + Validation.literal(table.table() + "_history");
  }

  @Override
  public String toText(String expression) {
    return "CAST(" + expression + " AS text)";
  }

  @Override
  public String hexToInteger(String hex) {
    return "CAST(CAST(('x' || lpad(" + hex + ", 16, '0')) AS bit(64)) AS bigint)";
  }

  @Override
  public String integerKey(String column) {
    return "CAST(" + column + " AS numeric)";
  }

  @Override
  public String divide(String dividend, String divisor) {
    return "div(" + dividend + ", " + divisor + ")";
  }

  @Override
  public Optional<String> canonical(CanonicalColumn.Kind kind, String w, String warehouseType) {
    String type = warehouseType.toLowerCase(Locale.ROOT);
    if (kind == CanonicalColumn.Kind.JSON && type.startsWith("json")) {
      return Optional.empty();
    }
    return Optional.of(
        switch (kind) {
          case NUMBER ->
              withoutTrailingZeros(
                  type.equals("boolean")
                      ? "CAST(CAST(" + w + " AS integer) AS text)"
                      : "CAST(" + w + " AS text)");
          case FLOATING -> CanonicalColumn.floating(w, FLOATING);
          case BYTES -> "md5(" + w + ")";
          case DATE -> "to_char(" + w + ", 'YYYY-MM-DD')";
          case DATETIME -> "to_char(" + w + ", " + DATETIME + ")";
          case TIMESTAMP -> "to_char(" + w + " AT TIME ZONE 'UTC', " + DATETIME + ")";
          case TIME, JSON, TEXT -> "CAST(" + w + " AS text)";
        });
  }
}
