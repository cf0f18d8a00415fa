package dev.binlake.warehouse.bigquery;

import com.google.cloud.bigquery.Field;
import com.google.cloud.bigquery.StandardSQLTypeName;
import dev.binlake.api.ColumnType;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Optional;

/**
 * How a {@link ColumnType} lands in BigQuery, and the one Parquet shape per BigQuery type that
 * batch files are rewritten to ({@link #batchType}), so every file of a batch agrees.
 *
 * <table>
 *   <tr><th>binlake kind</th><th>BigQuery</th><th>batch file (Parquet)</th></tr>
 *   <tr><td>BOOLEAN</td><td>BOOL</td><td>BOOLEAN</td></tr>
 *   <tr><td>INT32, INT64</td><td>INT64</td><td>INT64</td></tr>
 *   <tr><td>DECIMAL(p,s), s &le; 9 and p-s &le; 29</td><td>NUMERIC</td><td>DECIMAL(38,9)</td></tr>
 *   <tr><td>other DECIMAL(p,s)</td><td>BIGNUMERIC</td><td>DECIMAL(p,s)</td></tr>
 *   <tr><td>FLOAT32, FLOAT64</td><td>FLOAT64</td><td>DOUBLE (exact widening)</td></tr>
 *   <tr><td>STRING</td><td>STRING</td><td>STRING</td></tr>
 *   <tr><td>JSON</td><td>JSON</td><td>STRING (JSON annotation)</td></tr>
 *   <tr><td>BYTES</td><td>BYTES</td><td>BINARY</td></tr>
 *   <tr><td>DATE</td><td>DATE</td><td>DATE</td></tr>
 *   <tr><td>TIME_MICROS</td><td>INT64 (signed microseconds)</td><td>INT64</td></tr>
 *   <tr><td>TIMESTAMP_MICROS (DATETIME)</td><td>DATETIME</td><td>TIMESTAMP(MICROS, local)</td></tr>
 *   <tr><td>TIMESTAMP_UTC_MICROS</td><td>TIMESTAMP</td><td>TIMESTAMP(MICROS, UTC)</td></tr>
 * </table>
 */
final class BigQueryTypes {
  /** NUMERIC holds 38 digits of which 9 after the point. */
  static final int NUMERIC_SCALE = 9;

  static final int NUMERIC_INTEGER_DIGITS = 29;

  private static final ColumnType NUMERIC_BATCH_TYPE = ColumnType.decimal(38, NUMERIC_SCALE);

  private BigQueryTypes() {}

  static StandardSQLTypeName typeOf(ColumnType type) {
    return switch (type.kind()) {
      case BOOLEAN -> StandardSQLTypeName.BOOL;
      case INT32, INT64, TIME_MICROS -> StandardSQLTypeName.INT64;
      case DECIMAL ->
          isNumeric(type) ? StandardSQLTypeName.NUMERIC : StandardSQLTypeName.BIGNUMERIC;
      case FLOAT32, FLOAT64 -> StandardSQLTypeName.FLOAT64;
      case STRING -> StandardSQLTypeName.STRING;
      case JSON -> StandardSQLTypeName.JSON;
      case BYTES -> StandardSQLTypeName.BYTES;
      case DATE -> StandardSQLTypeName.DATE;
      case TIMESTAMP_MICROS -> StandardSQLTypeName.DATETIME;
      case TIMESTAMP_UTC_MICROS -> StandardSQLTypeName.TIMESTAMP;
    };
  }

  private static boolean isNumeric(ColumnType type) {
    return type.scale() <= NUMERIC_SCALE
        && type.precision() - type.scale() <= NUMERIC_INTEGER_DIGITS;
  }

  /** A NULLABLE field: added columns must be, and old rows lack new columns anyway. */
  static Field field(String name, ColumnType type) {
    return Field.newBuilder(name, typeOf(type)).setMode(Field.Mode.NULLABLE).build();
  }

  /** The column type a batch file uses for a source column of type {@code type}. */
  static ColumnType batchType(ColumnType type) {
    return switch (type.kind()) {
      case INT32, INT64 -> ColumnType.of(ColumnType.Kind.INT64);
      case FLOAT32, FLOAT64 -> ColumnType.of(ColumnType.Kind.FLOAT64);
      case DECIMAL -> isNumeric(type) ? NUMERIC_BATCH_TYPE : type;
      default -> type;
    };
  }

  /**
   * The batch type for a column BigQuery has but no file of the batch carries (the source dropped
   * it): only nulls are written, so any Parquet type BigQuery accepts for it will do.
   */
  static Optional<ColumnType> batchTypeOf(StandardSQLTypeName type) {
    return Optional.ofNullable(
        switch (type) {
          case BOOL -> ColumnType.of(ColumnType.Kind.BOOLEAN);
          case INT64 -> ColumnType.of(ColumnType.Kind.INT64);
          case NUMERIC, BIGNUMERIC -> NUMERIC_BATCH_TYPE;
          case FLOAT64 -> ColumnType.of(ColumnType.Kind.FLOAT64);
          case STRING -> ColumnType.of(ColumnType.Kind.STRING);
          case JSON -> ColumnType.of(ColumnType.Kind.JSON);
          case BYTES -> ColumnType.of(ColumnType.Kind.BYTES);
          case DATE -> ColumnType.of(ColumnType.Kind.DATE);
          case DATETIME -> ColumnType.of(ColumnType.Kind.TIMESTAMP_MICROS);
          case TIMESTAMP -> ColumnType.of(ColumnType.Kind.TIMESTAMP_UTC_MICROS);
          default -> null;
        });
  }

  /** Converts a file value of {@code from} to the Java value of its batch type. */
  static Object toBatchValue(ColumnType from, ColumnType to, Object value) {
    if (value == null || from.equals(to)) {
      return value;
    }
    return switch (from.kind()) {
      case INT32 -> ((Integer) value).longValue();
      case FLOAT32 -> ((Float) value).doubleValue();
      // widening the scale is exact: the value has at most the column's scale
      case DECIMAL -> ((BigDecimal) value).setScale(to.scale(), RoundingMode.UNNECESSARY);
      default -> value;
    };
  }
}
