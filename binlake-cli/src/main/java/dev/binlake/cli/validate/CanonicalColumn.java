package dev.binlake.cli.validate;

import static java.util.Objects.requireNonNull;

import java.util.Locale;
import java.util.Set;

/**
 * One source column as the same text on both sides: {@code source} is a MariaDB/MySQL expression,
 * {@code warehouse} a DuckDB expression over the history table; both give NULL or the value's
 * canonical text (utf8). Zero dates count as NULL on the source side: capture stores them as NULL.
 */
record CanonicalColumn(String name, String source, String warehouse) {
  private static final Set<String> INTEGERS =
      Set.of("tinyint", "smallint", "mediumint", "int", "integer", "bigint", "year");
  private static final Set<String> GEOMETRY =
      Set.of(
          "geometry",
          "point",
          "linestring",
          "polygon",
          "multipoint",
          "multilinestring",
          "multipolygon",
          "geometrycollection",
          "geomcollection");
  private static final Set<String> BYTES =
      Set.of("binary", "varbinary", "tinyblob", "blob", "mediumblob", "longblob");
  private static final String SOURCE_DATETIME = "'%Y-%m-%d %H:%i:%s.%f'";
  private static final String WAREHOUSE_DATETIME = "'%Y-%m-%d %H:%M:%S.%f'";

  CanonicalColumn {
    requireNonNull(name, "name is null");
    requireNonNull(source, "source is null");
    requireNonNull(warehouse, "warehouse is null");
  }

  /**
   * The canonical expressions of a column with the source's {@code DATA_TYPE} and the warehouse's
   * DuckDB type (as {@code duckdb_columns()} spells it).
   */
  static CanonicalColumn of(String name, String sourceDataType, String warehouseType) {
    String type = sourceDataType.toLowerCase(Locale.ROOT);
    String s = SourceSql.quote(name);
    String w = WarehouseSql.quote(name);
    String whType = warehouseType.toUpperCase(Locale.ROOT);
    if (INTEGERS.contains(type)) {
      // + 0 drops ZEROFILL's leading zeros (YEAR + 0 is the year)
      return new CanonicalColumn(name, "CAST(" + s + " + 0 AS CHAR)", number(w, whType));
    }
    if (type.equals("decimal") || type.equals("numeric")) {
      return new CanonicalColumn(name, "CAST(" + s + " AS CHAR)", number(w, whType));
    }
    if (type.equals("bit")) {
      return new CanonicalColumn(name, "CAST(" + s + " + 0 AS CHAR)", number(w, whType));
    }
    if (type.equals("float") || type.equals("double") || type.equals("real")) {
      return new CanonicalColumn(
          name,
          floating(s, "FLOOR(LOG2(ABS(%s)))", "CAST(%s AS SIGNED)", "POW(2, %s)"),
          floating(
              "CAST(" + w + " AS DOUBLE)",
              "CAST(floor(log2(abs(%s))) AS BIGINT)",
              "CAST(%s AS BIGINT)",
              "pow(2, %s)"));
    }
    if (BYTES.contains(type)) {
      return new CanonicalColumn(name, "MD5(" + s + ")", "md5(" + w + ")");
    }
    if (GEOMETRY.contains(type)) {
      return new CanonicalColumn(name, "MD5(ST_AsBinary(" + s + "))", "md5(" + w + ")");
    }
    if (type.equals("date")) {
      return new CanonicalColumn(
          name,
          notZero(s, "DATE_FORMAT(" + s + ", '%Y-%m-%d')"),
          "strftime(" + w + ", '%Y-%m-%d')");
    }
    if (type.equals("datetime")) {
      return new CanonicalColumn(
          name,
          notZero(s, "DATE_FORMAT(" + s + ", " + SOURCE_DATETIME + ")"),
          "strftime(" + w + ", " + WAREHOUSE_DATETIME + ")");
    }
    if (type.equals("timestamp")) {
      // The source session runs in UTC (SourceSnapshot), so both sides print the UTC instant.
      return new CanonicalColumn(
          name,
          notZero(s, "DATE_FORMAT(" + s + ", " + SOURCE_DATETIME + ")"),
          "strftime(timezone('UTC', " + w + "), " + WAREHOUSE_DATETIME + ")");
    }
    if (type.equals("time")) {
      return new CanonicalColumn(
          name, "CAST(TIME_TO_SEC(" + s + ") * 1000000 AS SIGNED)", "CAST(" + w + " AS VARCHAR)");
    }
    // Text of every kind (CHAR…LONGTEXT, ENUM, SET, JSON), UUID, INET4/INET6 and anything else.
    return new CanonicalColumn(name, "CAST(" + s + " AS CHAR)", "CAST(" + w + " AS VARCHAR)");
  }

  private static String number(String w, String warehouseType) {
    return warehouseType.equals("BOOLEAN")
        ? "CAST(CAST(" + w + " AS INTEGER) AS VARCHAR)"
        : "CAST(" + w + " AS VARCHAR)";
  }

  /** A zero date ({@code 0000-00-00}, or a zero month or day) is NULL: capture stores NULL. */
  private static String notZero(String column, String text) {
    return "IF(MONTH(" + column + ") = 0 OR DAYOFMONTH(" + column + ") = 0, NULL, " + text + ")";
  }

  /**
   * A double as {@code [-]exponent:mantissa} with the 53-bit integer mantissa: exact bits on both
   * sides, whatever each prints for doubles. The exponent from log2 may be one off near powers of
   * two; the CASE corrects it, and scaling by powers of two is exact.
   */
  private static String floating(String x, String log, String toInteger, String pow) {
    // log2 of the largest doubles rounds up to 1024, and 2^1024 overflows: clamp.
    String e0 = "LEAST(" + String.format(log, x) + ", 1023)";
    String scaled0 = "ABS(" + x + ") / " + String.format(pow, e0);
    String e =
        "("
            + e0
            + " + CASE WHEN "
            + scaled0
            + " >= 2 THEN 1 WHEN "
            + scaled0
            + " < 1 THEN -1 ELSE 0 END)";
    String mantissa =
        String.format(
            toInteger, "ABS(" + x + ") / " + String.format(pow, e) + " * 4503599627370496");
    return "CASE WHEN "
        + x
        + " IS NULL THEN NULL WHEN "
        + x
        + " = 0 THEN '0' ELSE CONCAT("
        + "CASE WHEN "
        + x
        + " < 0 THEN '-' ELSE '' END, CAST("
        + e
        + " AS CHAR), ':', CAST("
        + mantissa
        + " AS CHAR)) END";
  }
}
