package dev.binlake.files;

import static org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit.MICROS;

import dev.binlake.api.BinlakeException;
import dev.binlake.api.Column;
import dev.binlake.api.ColumnType;
import dev.binlake.api.ErrorCode;
import dev.binlake.api.TableSchema;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Type.Repetition;
import org.apache.parquet.schema.Types;

/**
 * How a {@link ColumnType} lands in Parquet: the physical type and annotation of each kind, and the
 * conversion of the documented Java values to Parquet values and back.
 */
final class ColumnMapping {
  static final String OP = "Op";
  static final String COMMIT_TS = "binlake_commit_ts";
  static final String ORDER = "binlake_order";

  /** How many columns precede the source columns. */
  static final int LEADING_COLUMNS = 3;

  private static final List<String> RESERVED = List.of(OP, COMMIT_TS, ORDER);

  private ColumnMapping() {}

  /**
   * The Parquet schema of a change file.
   *
   * @throws BinlakeException if a source column name clashes with a leading column or with another
   *     column, compared without case as warehouses compare them
   */
  static MessageType messageType(TableSchema schema) {
    Set<String> seen = new HashSet<>();
    for (String reserved : RESERVED) {
      seen.add(reserved.toLowerCase(Locale.ROOT));
    }
    List<Type> fields = new ArrayList<>();
    fields.add(
        Types.required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named(OP));
    fields.add(
        Types.required(PrimitiveTypeName.INT64)
            .as(LogicalTypeAnnotation.timestampType(true, MICROS))
            .named(COMMIT_TS));
    fields.add(
        Types.required(PrimitiveTypeName.BINARY)
            .as(LogicalTypeAnnotation.stringType())
            .named(ORDER));
    for (Column column : schema.columns()) {
      if (!seen.add(column.name().toLowerCase(Locale.ROOT))) {
        boolean reserved = RESERVED.stream().anyMatch(r -> r.equalsIgnoreCase(column.name()));
        throw new BinlakeException(
            ErrorCode.SOURCE_UNSUPPORTED,
            "Cannot write change files of %s: %s (exclude the table with source.exclude, or rename"
                + " the column)",
            schema.table(),
            reserved
                ? "its column "
                    + column.name()
                    + " clashes with the change-file column of the same name (Op, binlake_commit_ts"
                    + " and binlake_order are reserved, in any case)"
                : "its column "
                    + column.name()
                    + " appears twice (names are compared without"
                    + " case)");
      }
      fields.add(field(column));
    }
    return new MessageType("binlake_change", fields);
  }

  static Type field(Column column) {
    Repetition repetition = column.optional() ? Repetition.OPTIONAL : Repetition.REQUIRED;
    ColumnType type = column.type();
    switch (type.kind()) {
      case BOOLEAN:
        return Types.primitive(PrimitiveTypeName.BOOLEAN, repetition).named(column.name());
      case INT32:
        return Types.primitive(PrimitiveTypeName.INT32, repetition)
            .as(LogicalTypeAnnotation.intType(32, true))
            .named(column.name());
      case INT64:
        return Types.primitive(PrimitiveTypeName.INT64, repetition)
            .as(LogicalTypeAnnotation.intType(64, true))
            .named(column.name());
      case DECIMAL:
        LogicalTypeAnnotation decimal =
            LogicalTypeAnnotation.decimalType(type.scale(), type.precision());
        if (type.precision() <= 9) {
          return Types.primitive(PrimitiveTypeName.INT32, repetition)
              .as(decimal)
              .named(column.name());
        } else if (type.precision() <= 18) {
          return Types.primitive(PrimitiveTypeName.INT64, repetition)
              .as(decimal)
              .named(column.name());
        }
        return Types.primitive(PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY, repetition)
            .length(decimalBytes(type.precision()))
            .as(decimal)
            .named(column.name());
      case FLOAT32:
        return Types.primitive(PrimitiveTypeName.FLOAT, repetition).named(column.name());
      case FLOAT64:
        return Types.primitive(PrimitiveTypeName.DOUBLE, repetition).named(column.name());
      case STRING:
        return Types.primitive(PrimitiveTypeName.BINARY, repetition)
            .as(LogicalTypeAnnotation.stringType())
            .named(column.name());
      case JSON:
        return Types.primitive(PrimitiveTypeName.BINARY, repetition)
            .as(LogicalTypeAnnotation.jsonType())
            .named(column.name());
      case BYTES:
        return Types.primitive(PrimitiveTypeName.BINARY, repetition).named(column.name());
      case DATE:
        return Types.primitive(PrimitiveTypeName.INT32, repetition)
            .as(LogicalTypeAnnotation.dateType())
            .named(column.name());
      case TIME_MICROS:
        // Plain INT64: TIME may be negative or beyond 24 hours, which a TIME annotation forbids.
        return Types.primitive(PrimitiveTypeName.INT64, repetition).named(column.name());
      case TIMESTAMP_MICROS:
        return Types.primitive(PrimitiveTypeName.INT64, repetition)
            .as(LogicalTypeAnnotation.timestampType(false, MICROS))
            .named(column.name());
      case TIMESTAMP_UTC_MICROS:
        return Types.primitive(PrimitiveTypeName.INT64, repetition)
            .as(LogicalTypeAnnotation.timestampType(true, MICROS))
            .named(column.name());
      default:
        throw new IllegalArgumentException("unknown column kind " + type.kind());
    }
  }

  /** The fewest bytes whose two's complement holds every unscaled value of this precision. */
  static int decimalBytes(int precision) {
    BigInteger max = BigInteger.TEN.pow(precision).subtract(BigInteger.ONE);
    return (max.bitLength() + 1 + 7) / 8; // one sign bit
  }

  /**
   * The Parquet value (Boolean, Integer, Long, Float, Double or Binary) of a column's Java value.
   *
   * @throws IllegalArgumentException if the value is of the wrong Java class or does not fit
   */
  static Object toParquet(Column column, Object value) {
    ColumnType type = column.type();
    try {
      switch (type.kind()) {
        case BOOLEAN:
          return (Boolean) value;
        case INT32:
        case DATE:
          return (Integer) value;
        case INT64:
        case TIME_MICROS:
        case TIMESTAMP_MICROS:
        case TIMESTAMP_UTC_MICROS:
          return (Long) value;
        case FLOAT32:
          return (Float) value;
        case FLOAT64:
          return (Double) value;
        case STRING:
        case JSON:
          return Binary.fromString((String) value);
        case BYTES:
          // Reused: parquet copies the bytes it keeps (dictionary entries), so callers may reuse.
          return Binary.fromReusedByteArray((byte[]) value);
        case DECIMAL:
          return decimalToParquet(column, (BigDecimal) value);
        default:
          throw new IllegalArgumentException("unknown column kind " + type.kind());
      }
    } catch (ClassCastException e) {
      throw new IllegalArgumentException(
          "column "
              + column.name()
              + " of type "
              + type
              + " needs a "
              + javaClass(type)
              + " value, got "
              + value.getClass().getName(),
          e);
    }
  }

  private static Object decimalToParquet(Column column, BigDecimal value) {
    ColumnType type = column.type();
    BigDecimal scaled;
    try {
      scaled = value.setScale(type.scale());
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException(
          "value "
              + value.toPlainString()
              + " of column "
              + column.name()
              + " has more than "
              + type.scale()
              + " decimal places for "
              + type,
          e);
    }
    if (scaled.precision() - scaled.scale() > type.precision() - type.scale()) {
      throw new IllegalArgumentException(
          "value "
              + value.toPlainString()
              + " of column "
              + column.name()
              + " does not fit "
              + type);
    }
    BigInteger unscaled = scaled.unscaledValue();
    if (type.precision() <= 9) {
      return unscaled.intValueExact();
    } else if (type.precision() <= 18) {
      return unscaled.longValueExact();
    }
    int length = decimalBytes(type.precision());
    byte[] minimal = unscaled.toByteArray();
    byte[] fixed = new byte[length];
    byte sign = (byte) (unscaled.signum() < 0 ? 0xFF : 0);
    int pad = length - minimal.length;
    for (int i = 0; i < pad; i++) {
      fixed[i] = sign;
    }
    System.arraycopy(minimal, 0, fixed, pad, minimal.length);
    return Binary.fromConstantByteArray(fixed);
  }

  static String javaClass(ColumnType type) {
    switch (type.kind()) {
      case BOOLEAN:
        return "Boolean";
      case INT32:
      case DATE:
        return "Integer";
      case FLOAT32:
        return "Float";
      case FLOAT64:
        return "Double";
      case STRING:
      case JSON:
        return "String";
      case BYTES:
        return "byte[]";
      case DECIMAL:
        return "BigDecimal";
      default:
        return "Long";
    }
  }
}
