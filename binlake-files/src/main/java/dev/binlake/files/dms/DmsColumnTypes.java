package dev.binlake.files.dms;

import dev.binlake.api.ColumnType;
import dev.binlake.api.ColumnType.Kind;
import java.util.Optional;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.DecimalLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.IntLogicalTypeAnnotation;
import org.apache.parquet.schema.PrimitiveType;

/**
 * binlake's column type for each Parquet type DMS writes, lossless: legacy converted types (UTF8,
 * INT_8/16/32/64, UINT_*, DECIMAL in INT32/INT64/BYTE_ARRAY/FIXED_LEN_BYTE_ARRAY, DATE,
 * TIME_MILLIS/MICROS, TIMESTAMP_MILLIS/MICROS, JSON, ENUM) and their logical-type equivalents.
 * Timestamps become {@link Kind#TIMESTAMP_MICROS} (no zone: DMS writes the source's wall-clock
 * value; DuckDB reads legacy TIMESTAMP_MILLIS the same way), INT96 too.
 */
final class DmsColumnTypes {
  private DmsColumnTypes() {}

  /** The column type, or empty with nothing to say when the type cannot be held losslessly. */
  static Optional<ColumnType> of(PrimitiveType type) {
    LogicalTypeAnnotation logical = type.getLogicalTypeAnnotation();
    if (logical instanceof DecimalLogicalTypeAnnotation decimal) {
      return decimal.getPrecision() <= ColumnType.MAX_DECIMAL_PRECISION
          ? Optional.of(ColumnType.decimal(decimal.getPrecision(), decimal.getScale()))
          : Optional.empty();
    }
    if (logical instanceof IntLogicalTypeAnnotation integer) {
      if (!integer.isSigned() && integer.getBitWidth() == 64) {
        return Optional.of(ColumnType.decimal(20, 0));
      }
      boolean fitsInt32 =
          integer.getBitWidth() < 32 || integer.isSigned() && integer.getBitWidth() == 32;
      return Optional.of(ColumnType.of(fitsInt32 ? Kind.INT32 : Kind.INT64));
    }
    switch (type.getPrimitiveTypeName()) {
      case BOOLEAN:
        return logical == null ? Optional.of(ColumnType.of(Kind.BOOLEAN)) : Optional.empty();
      case INT32:
        if (logical == null) {
          return Optional.of(ColumnType.of(Kind.INT32));
        }
        if (logical instanceof LogicalTypeAnnotation.DateLogicalTypeAnnotation) {
          return Optional.of(ColumnType.of(Kind.DATE));
        }
        return logical instanceof LogicalTypeAnnotation.TimeLogicalTypeAnnotation
            ? Optional.of(ColumnType.of(Kind.TIME_MICROS))
            : Optional.empty();
      case INT64:
        if (logical == null) {
          return Optional.of(ColumnType.of(Kind.INT64));
        }
        if (logical instanceof LogicalTypeAnnotation.TimestampLogicalTypeAnnotation timestamp) {
          return timestamp.getUnit() == LogicalTypeAnnotation.TimeUnit.NANOS
              ? Optional.empty()
              : Optional.of(ColumnType.of(Kind.TIMESTAMP_MICROS));
        }
        return logical instanceof LogicalTypeAnnotation.TimeLogicalTypeAnnotation time
                && time.getUnit() != LogicalTypeAnnotation.TimeUnit.NANOS
            ? Optional.of(ColumnType.of(Kind.TIME_MICROS))
            : Optional.empty();
      case INT96:
        return Optional.of(ColumnType.of(Kind.TIMESTAMP_MICROS));
      case FLOAT:
        return logical == null ? Optional.of(ColumnType.of(Kind.FLOAT32)) : Optional.empty();
      case DOUBLE:
        return logical == null ? Optional.of(ColumnType.of(Kind.FLOAT64)) : Optional.empty();
      case BINARY:
        if (logical == null) {
          return Optional.of(ColumnType.of(Kind.BYTES));
        }
        if (logical instanceof LogicalTypeAnnotation.StringLogicalTypeAnnotation
            || logical instanceof LogicalTypeAnnotation.EnumLogicalTypeAnnotation) {
          return Optional.of(ColumnType.of(Kind.STRING));
        }
        if (logical instanceof LogicalTypeAnnotation.JsonLogicalTypeAnnotation) {
          return Optional.of(ColumnType.of(Kind.JSON));
        }
        return logical instanceof LogicalTypeAnnotation.BsonLogicalTypeAnnotation
            ? Optional.of(ColumnType.of(Kind.BYTES))
            : Optional.empty();
      case FIXED_LEN_BYTE_ARRAY:
        return logical == null ? Optional.of(ColumnType.of(Kind.BYTES)) : Optional.empty();
      default:
        return Optional.empty();
    }
  }

  /** The Parquet type as a person reads it, e.g. {@code FIXED_LEN_BYTE_ARRAY(7) DECIMAL(15,2)}. */
  static String describe(PrimitiveType type) {
    StringBuilder text = new StringBuilder(type.getPrimitiveTypeName().name());
    if (type.getPrimitiveTypeName() == PrimitiveType.PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY) {
      text.append('(').append(type.getTypeLength()).append(')');
    }
    if (type.getLogicalTypeAnnotation() != null) {
      text.append(' ').append(type.getLogicalTypeAnnotation());
    }
    return text.toString();
  }
}
