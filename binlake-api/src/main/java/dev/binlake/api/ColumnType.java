package dev.binlake.api;

import static java.util.Objects.requireNonNull;

/**
 * The logical type of a column in change files and warehouses, chosen lossless first (DESIGN.md
 * "Types"). The Java value a {@link ChangeRecord} holds for each kind is fixed:
 *
 * <table>
 *   <tr><th>kind</th><th>Java value</th><th>source types</th></tr>
 *   <tr><td>BOOLEAN</td><td>Boolean</td><td>BIT(1), BOOLEAN</td></tr>
 *   <tr><td>INT32</td><td>Integer</td><td>TINYINT..INT (signed), unsigned up to MEDIUMINT, YEAR</td></tr>
 *   <tr><td>INT64</td><td>Long</td><td>BIGINT, INT UNSIGNED, BIT(2..64)</td></tr>
 *   <tr><td>DECIMAL</td><td>BigDecimal (scale = column scale)</td><td>DECIMAL(p&le;38), BIGINT UNSIGNED</td></tr>
 *   <tr><td>FLOAT32 / FLOAT64</td><td>Float / Double</td><td>FLOAT / DOUBLE</td></tr>
 *   <tr><td>STRING</td><td>String</td><td>CHAR, VARCHAR, TEXT, ENUM, SET, DECIMAL(p&gt;38) as text</td></tr>
 *   <tr><td>JSON</td><td>String (JSON text)</td><td>JSON</td></tr>
 *   <tr><td>BYTES</td><td>byte[]</td><td>BINARY, VARBINARY, BLOB, GEOMETRY (WKB)</td></tr>
 *   <tr><td>DATE</td><td>Integer (days since 1970-01-01)</td><td>DATE</td></tr>
 *   <tr><td>TIME_MICROS</td><td>Long (signed microseconds, may exceed a day)</td><td>TIME</td></tr>
 *   <tr><td>TIMESTAMP_MICROS</td><td>Long (micros since 1970-01-01T00:00, no zone)</td><td>DATETIME</td></tr>
 *   <tr><td>TIMESTAMP_UTC_MICROS</td><td>Long (micros since the epoch, UTC)</td><td>TIMESTAMP</td></tr>
 * </table>
 */
public record ColumnType(Kind kind, int precision, int scale) {
  public enum Kind {
    BOOLEAN,
    INT32,
    INT64,
    DECIMAL,
    FLOAT32,
    FLOAT64,
    STRING,
    JSON,
    BYTES,
    DATE,
    TIME_MICROS,
    TIMESTAMP_MICROS,
    TIMESTAMP_UTC_MICROS
  }

  /** The widest DECIMAL that every warehouse holds exactly; wider ones travel as STRING. */
  public static final int MAX_DECIMAL_PRECISION = 38;

  public ColumnType {
    requireNonNull(kind, "kind is null");
    if (kind == Kind.DECIMAL) {
      if (precision < 1 || precision > MAX_DECIMAL_PRECISION || scale < 0 || scale > precision) {
        throw new IllegalArgumentException(
            "DECIMAL(" + precision + "," + scale + ") is out of range 1..38");
      }
    } else if (precision != 0 || scale != 0) {
      throw new IllegalArgumentException(kind + " takes no precision or scale");
    }
  }

  public static ColumnType of(Kind kind) {
    return new ColumnType(kind, 0, 0);
  }

  public static ColumnType decimal(int precision, int scale) {
    return new ColumnType(Kind.DECIMAL, precision, scale);
  }

  /** A stable text form, e.g. {@code INT64} or {@code DECIMAL(20,0)}; {@link #parse} reads it. */
  @Override
  public String toString() {
    return kind == Kind.DECIMAL ? "DECIMAL(" + precision + "," + scale + ")" : kind.name();
  }

  public static ColumnType parse(String text) {
    if (text.startsWith("DECIMAL(") && text.endsWith(")")) {
      String[] parts = text.substring(8, text.length() - 1).split(",");
      return decimal(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()));
    }
    return of(Kind.valueOf(text));
  }
}
