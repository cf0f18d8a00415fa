package dev.binlake.cli.validate;

import static java.util.Objects.requireNonNull;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * One source column as the same text on both sides: {@code source} is a MariaDB/MySQL expression,
 * {@code warehouse} an expression in the warehouse's dialect over the history table; both give NULL
 * or the value's canonical text (utf8). Zero dates count as NULL on the source side: capture stores
 * them as NULL. Where a warehouse cannot give the source's text ({@code jsonb}, BigQuery JSON
 * normalize JSON), both sides give only whether the value is NULL, and {@link #isValueCompared}
 * says so.
 */
record CanonicalColumn(String name, String source, String warehouse, boolean isValueCompared) {
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
  private static final String PRESENT = "'present'";

  CanonicalColumn {
    requireNonNull(name, "name is null");
    requireNonNull(source, "source is null");
    requireNonNull(warehouse, "warehouse is null");
  }

  CanonicalColumn(String name, String source, String warehouse) {
    this(name, source, warehouse, true);
  }

  /** What a column's values are, for choosing their canonical text. */
  enum Kind {
    /** Integers, decimals, BIT: the number in plain decimal notation, trailing zeros dropped. */
    NUMBER,
    /** FLOAT, DOUBLE: {@code [-]exponent:mantissa}, exact bits. */
    FLOATING,
    /** Binary values and geometries (WKB): the MD5 of the bytes, lower-case hex. */
    BYTES,
    /** {@code yyyy-MM-dd}. */
    DATE,
    /** DATETIME: {@code yyyy-MM-dd HH:mm:ss.ffffff}. */
    DATETIME,
    /** TIMESTAMP: the UTC instant as {@code yyyy-MM-dd HH:mm:ss.ffffff}. */
    TIMESTAMP,
    /** TIME: signed microseconds (how binlake stores TIME). */
    TIME,
    /** JSON: the text as written. */
    JSON,
    /** Every other type: the value as text. */
    TEXT
  }

  /**
   * The canonical expressions of a column with the source's {@code DATA_TYPE} and the warehouse's
   * type (as the dialect's column query spells it).
   *
   * @param name the column's name as the warehouse spells it (MariaDB names ignore case)
   */
  static CanonicalColumn of(
      String name, String sourceDataType, String warehouseType, WarehouseDialect dialect) {
    String type = sourceDataType.toLowerCase(Locale.ROOT);
    String s = SourceSql.quote(name);
    String w = dialect.quote(name);
    Kind kind = kind(type);
    String source =
        switch (kind) {
          // + 0 drops ZEROFILL's leading zeros (YEAR + 0 is the year, BIT + 0 its number)
          case NUMBER ->
              SourceSql.withoutTrailingZeros(
                  type.equals("decimal") || type.equals("numeric")
                      ? "CAST(" + s + " AS CHAR)"
                      : "CAST(" + s + " + 0 AS CHAR)");
          case FLOATING -> floating(s, SOURCE_FLOATING);
          case BYTES -> GEOMETRY.contains(type) ? "MD5(ST_AsBinary(" + s + "))" : "MD5(" + s + ")";
          case DATE -> notZero(s, "DATE_FORMAT(" + s + ", '%Y-%m-%d')");
          // The source session runs in UTC (SourceSnapshot), so TIMESTAMP prints the UTC instant.
          case DATETIME, TIMESTAMP -> notZero(s, "DATE_FORMAT(" + s + ", " + SOURCE_DATETIME + ")");
          case TIME -> "CAST(TIME_TO_SEC(" + s + ") * 1000000 AS SIGNED)";
          case JSON, TEXT -> "CAST(" + s + " AS CHAR)";
        };
    Optional<String> warehouse = dialect.canonical(kind, w, warehouseType);
    if (warehouse.isEmpty()) {
      return new CanonicalColumn(
          name,
          "CASE WHEN " + s + " IS NULL THEN NULL ELSE " + PRESENT + " END",
          "CASE WHEN " + w + " IS NULL THEN NULL ELSE " + PRESENT + " END",
          false);
    }
    return new CanonicalColumn(name, source, warehouse.get(), true);
  }

  private static Kind kind(String type) {
    if (INTEGERS.contains(type)
        || type.equals("decimal")
        || type.equals("numeric")
        || type.equals("bit")) {
      return Kind.NUMBER;
    }
    if (type.equals("float") || type.equals("double") || type.equals("real")) {
      return Kind.FLOATING;
    }
    if (BYTES.contains(type) || GEOMETRY.contains(type)) {
      return Kind.BYTES;
    }
    return switch (type) {
      case "date" -> Kind.DATE;
      case "datetime" -> Kind.DATETIME;
      case "timestamp" -> Kind.TIMESTAMP;
      case "time" -> Kind.TIME;
      case "json" -> Kind.JSON;
      // Text of every kind (CHAR…LONGTEXT, ENUM, SET), UUID, INET4/INET6 and anything else.
      default -> Kind.TEXT;
    };
  }

  /** A zero date ({@code 0000-00-00}, or a zero month or day) is NULL: capture stores NULL. */
  private static String notZero(String column, String text) {
    return "IF(MONTH(" + column + ") = 0 OR DAYOFMONTH(" + column + ") = 0, NULL, " + text + ")";
  }

  /** How one SQL dialect spells the functions {@link #floating} needs; each takes one argument. */
  record FloatingFunctions(
      String floorLog2, String pow2, String toInteger, String toText, String toDouble) {}

  private static final FloatingFunctions SOURCE_FLOATING =
      new FloatingFunctions(
          "FLOOR(LOG2(ABS(%s)))", "POW(2, %s)", "CAST(%s AS SIGNED)", "CAST(%s AS CHAR)", "%s");

  /**
   * A double as {@code [-]exponent:mantissa} with the 53-bit integer mantissa: exact bits on both
   * sides, whatever each prints for doubles. The exponent from log2 may be one off near powers of
   * two; the CASE corrects it, and scaling by powers of two is exact.
   */
  static String floating(String column, FloatingFunctions f) {
    String x = String.format(f.toDouble(), column);
    // log2 of the largest doubles rounds up to 1024, and 2^1024 overflows: clamp.
    String e0 =
        "LEAST(" + String.format(f.toInteger(), String.format(f.floorLog2(), x)) + ", 1023)";
    String scaled0 = "ABS(" + x + ") / " + String.format(f.pow2(), e0);
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
            f.toInteger(),
            "ABS(" + x + ") / " + String.format(f.pow2(), e) + " * 4503599627370496");
    return "CASE WHEN "
        + x
        + " IS NULL THEN NULL WHEN "
        + x
        + " = 0 THEN '0' ELSE CONCAT("
        + "CASE WHEN "
        + x
        + " < 0 THEN '-' ELSE '' END, "
        + String.format(f.toText(), e)
        + ", ':', "
        + String.format(f.toText(), mantissa)
        + ") END";
  }
}
