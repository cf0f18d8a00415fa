package dev.binlake.cli.validate;

import dev.binlake.api.TableId;
import java.math.BigInteger;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * BigQuery's GoogleSQL; the warehouse type is {@code INFORMATION_SCHEMA.COLUMNS.data_type}. NUMERIC
 * and BIGNUMERIC print without trailing zeros, which the canonical number text drops on every side.
 * BigQuery's JSON type normalizes JSON text, so JSON values are compared as present or NULL only.
 * Hashes are summed in 32-bit slices: INT64 sums cannot overflow below 2^31 rows.
 */
final class BigQueryDialect implements WarehouseDialect {
  private static final String DATETIME = "'%E4Y-%m-%d %H:%M:%E6S'";
  private static final CanonicalColumn.FloatingFunctions FLOATING =
      new CanonicalColumn.FloatingFunctions(
          "FLOOR(LN(ABS(%s)) / LN(2))",
          "POW(2, %s)", "CAST(%s AS INT64)", "CAST(%s AS STRING)", "CAST(%s AS FLOAT64)");

  /** How the warehouse names things: see {@code BigQueryWarehouse}. */
  record Names(
      Function<TableId, String> historyTable,
      Function<TableId, String> dataset,
      Function<TableId, String> historyTableName) {}

  private final Names names;

  BigQueryDialect(Names names) {
    this.names = names;
  }

  @Override
  public String quote(String name) {
    return '`' + name.replace("\\", "\\\\").replace("`", "\\`") + '`';
  }

  @Override
  public String historyTable(TableId table) {
    return names.historyTable().apply(table);
  }

  @Override
  public String columnsQuery(TableId table) {
    return "SELECT column_name, data_type FROM "
        + names.dataset().apply(table)
        + ".INFORMATION_SCHEMA.COLUMNS WHERE table_name = "
        + Validation.literal(names.historyTableName().apply(table));
  }

  @Override
  public String toText(String expression) {
    return "CAST(" + expression + " AS STRING)";
  }

  @Override
  public String separator() {
    return "CODE_POINTS_TO_STRING([31])";
  }

  @Override
  public String md5Hex(String text) {
    return "TO_HEX(MD5(" + text + "))";
  }

  @Override
  public String hexToInteger(String hex) {
    return "CAST(CONCAT('0x', " + hex + ") AS INT64)";
  }

  @Override
  public String integerKey(String column) {
    return "CAST(" + column + " AS NUMERIC)";
  }

  @Override
  public String number(BigInteger value) {
    return "CAST('" + value + "' AS NUMERIC)";
  }

  @Override
  public String divide(String dividend, String divisor) {
    return "DIV(" + dividend + ", " + divisor + ")";
  }

  @Override
  public Optional<String> canonical(CanonicalColumn.Kind kind, String w, String warehouseType) {
    String type = warehouseType.toUpperCase(Locale.ROOT);
    if (kind == CanonicalColumn.Kind.JSON && type.equals("JSON")) {
      return Optional.empty();
    }
    return Optional.of(
        switch (kind) {
          case NUMBER ->
              withoutTrailingZeros(
                  type.equals("BOOL")
                      ? "CAST(CAST(" + w + " AS INT64) AS STRING)"
                      : "CAST(" + w + " AS STRING)");
          case FLOATING -> CanonicalColumn.floating(w, FLOATING);
          case BYTES -> "TO_HEX(MD5(" + w + "))";
          case DATE -> "FORMAT_DATE('%E4Y-%m-%d', " + w + ")";
          case DATETIME -> "FORMAT_DATETIME(" + DATETIME + ", " + w + ")";
          case TIMESTAMP -> "FORMAT_TIMESTAMP(" + DATETIME + ", " + w + ", 'UTC')";
          case TIME, JSON, TEXT -> "CAST(" + w + " AS STRING)";
        });
  }
}
