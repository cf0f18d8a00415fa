package dev.binlake.cli.validate;

import java.util.List;
import java.util.stream.Collectors;

/** MariaDB/MySQL SQL of the checksum queries. */
final class SourceSql {
  private SourceSql() {}

  static String quote(String name) {
    return '`' + name.replace("`", "``") + '`';
  }

  static String table(TableShape shape) {
    return quote(shape.table().schema()) + "." + quote(shape.table().table());
  }

  /** Canonical text of several columns: never NULL, utf8 bytes, fields separated by 0x1F. */
  static String text(List<CanonicalColumn> columns) {
    return columns.stream()
        .map(
            c ->
                "COALESCE(CONCAT('+', CAST(CONVERT("
                    + c.source()
                    + " USING utf8mb4) AS BINARY)),"
                    + " '-')")
        .collect(Collectors.joining(", ", "CONCAT_WS(CHAR(31), ", ")"));
  }

  /** Decimal text without trailing zeros after the point (and without a trailing point). */
  static String withoutTrailingZeros(String text) {
    return "IF(LOCATE('.', "
        + text
        + ") > 0, TRIM(TRAILING '.' FROM TRIM(TRAILING '0' FROM "
        + text
        + ")), "
        + text
        + ")";
  }

  static String partition(KeyDomain domain) {
    return domain
        .integerColumn()
        .map(SourceSql::quote)
        .orElseGet(
            () ->
                "CAST(CONV(SUBSTRING(MD5("
                    + text(domain.keys())
                    + "), 1, 8), 16, 10)"
                    + " AS UNSIGNED)");
  }

  static String where(KeyDomain domain, Range range) {
    String p = partition(domain);
    return p + " >= " + range.lo() + " AND " + p + " < " + range.hi();
  }

  static String sums(TableShape shape, Range range, java.math.BigInteger partWidth) {
    String p = partition(shape.domain());
    StringBuilder slices = new StringBuilder();
    for (int i = 0; i < WarehouseSql.SLICES; i++) {
      slices.append(
          String.format(
              ", CAST(SUM(CAST(CONV(SUBSTRING(h, %d, 8), 16, 10) AS UNSIGNED)) AS CHAR)",
              1 + 8 * i));
    }
    return "SELECT CAST(part AS CHAR), COUNT(*)"
        + slices
        + " FROM (SELECT (CAST("
        + p
        + " AS DECIMAL(65,0)) - "
        + range.lo()
        + ") DIV "
        + partWidth
        + " AS part, MD5("
        + text(shape.columns())
        + ") AS h FROM "
        + table(shape)
        + " WHERE "
        + where(shape.domain(), range)
        + ") AS binlake_rows GROUP BY part";
  }

  static String rows(TableShape shape, Range range) {
    return "SELECT "
        + text(shape.domain().keys())
        + ", "
        + shape.columns().stream()
            .map(c -> "MD5(" + text(List.of(c)) + ")")
            .collect(Collectors.joining(", "))
        + " FROM "
        + table(shape)
        + " WHERE "
        + where(shape.domain(), range);
  }

  static String bounds(TableShape shape) {
    String p = partition(shape.domain());
    return "SELECT CAST(MIN(" + p + ") AS CHAR), CAST(MAX(" + p + ") AS CHAR) FROM " + table(shape);
  }
}
