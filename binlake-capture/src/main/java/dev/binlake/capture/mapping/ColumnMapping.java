package dev.binlake.capture.mapping;

import dev.binlake.api.Column;
import dev.binlake.api.ColumnType;
import dev.binlake.api.ColumnType.Kind;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Map;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;

/**
 * The type mapping of one Connect field: which {@link ColumnType} it lands as and how its values
 * convert. Debezium runs with decimal.handling.mode=precise, bigint.unsigned.handling.mode=precise,
 * time.precision.mode=adaptive_time_microseconds and binary.handling.mode=bytes, so the values here
 * are exact.
 *
 * @param mayBeUnrepresentable whether values of this column can be unrepresentable: TIMESTAMP's
 *     zero date, and zero dates of NOT NULL DATE/DATETIME columns ({@link ZeroDateConverter}). Zero
 *     dates of nullable DATE/DATETIME columns Debezium's readers already turn into NULL: binlake
 *     never sees them.
 */
record ColumnMapping(Column column, ValueConverter converter, boolean mayBeUnrepresentable) {
  /**
   * What a converter returns for a source value that has no representation (a zero date): the
   * column gets NULL and the row's {@link #UNREPRESENTABLE_COLUMN} names the column.
   */
  static final Object UNREPRESENTABLE = new Object();

  /**
   * The extra STRING column of tables whose values may be unrepresentable: null, or the names of
   * the columns of this change whose source value could not be represented (comma-separated).
   */
  static final String UNREPRESENTABLE_COLUMN = dev.binlake.api.MetadataColumns.UNREPRESENTABLE;

  static final String SOURCE_TYPE = "__debezium.source.column.type";
  static final String SOURCE_LENGTH = "__debezium.source.column.length";
  static final String SOURCE_SCALE = "__debezium.source.column.scale";

  /**
   * A mapping whose values can be unrepresentable only for TIMESTAMP's zero date (see {@link
   * #mayBeUnrepresentable}).
   */
  ColumnMapping(Column column, ValueConverter converter) {
    this(column, converter, column.type().kind() == Kind.TIMESTAMP_UTC_MICROS);
  }

  Object convert(Object value) {
    return value == null ? null : converter.convert(value);
  }

  /**
   * This column with every value replaced by its keyed hash, as text; NULL stays NULL and a value
   * that cannot be represented stays unrepresentable.
   */
  ColumnMapping hashed(dev.binlake.capture.columns.ColumnHash hash) {
    Column text =
        new Column(
            column.name(), ColumnType.of(Kind.STRING), column.optional(), column.sourceType());
    return new ColumnMapping(
        text,
        v -> {
          Object converted = converter.convert(v);
          return converted == UNREPRESENTABLE ? converted : hash.apply(converted);
        },
        mayBeUnrepresentable);
  }

  static ColumnMapping of(Field field) {
    Schema schema = field.schema();
    Map<String, String> params = schema.parameters() == null ? Map.of() : schema.parameters();
    ColumnMapping mapping = ofSchema(field, schema, params);
    if (!params.containsKey(ZeroDateConverter.PARAMETER)) {
      return mapping;
    }
    // A NOT NULL DATE or DATETIME whose zero dates arrive as a sentinel: NULL, and counted.
    Column column = mapping.column();
    ValueConverter inner = mapping.converter();
    return new ColumnMapping(
        new Column(column.name(), column.type(), true, column.sourceType()),
        v -> ZeroDateConverter.isZero(v) ? UNREPRESENTABLE : inner.convert(v),
        true);
  }

  private static ColumnMapping ofSchema(Field field, Schema schema, Map<String, String> params) {
    String sourceType = sourceType(params);
    boolean optional = schema.isOptional();
    String name = schema.name() == null ? "" : schema.name();
    switch (name) {
      case Decimal.LOGICAL_NAME:
        return decimal(field.name(), optional, sourceType, params);
      case "io.debezium.time.Date":
        return mapping(field, Kind.DATE, sourceType, v -> ((Number) v).intValue());
      case "io.debezium.time.Time":
        return mapping(field, Kind.TIME_MICROS, sourceType, v -> ((Number) v).longValue() * 1000L);
      case "io.debezium.time.MicroTime":
        return mapping(field, Kind.TIME_MICROS, sourceType, v -> ((Number) v).longValue());
      case "io.debezium.time.NanoTime":
        return mapping(field, Kind.TIME_MICROS, sourceType, v -> ((Number) v).longValue() / 1000L);
      case "io.debezium.time.Timestamp":
        return mapping(
            field, Kind.TIMESTAMP_MICROS, sourceType, v -> ((Number) v).longValue() * 1000L);
      case "io.debezium.time.MicroTimestamp":
        return mapping(field, Kind.TIMESTAMP_MICROS, sourceType, v -> ((Number) v).longValue());
      case "io.debezium.time.NanoTimestamp":
        return mapping(
            field, Kind.TIMESTAMP_MICROS, sourceType, v -> ((Number) v).longValue() / 1000L);
      case "io.debezium.time.ZonedTimestamp":
        return mapping(field, Kind.TIMESTAMP_UTC_MICROS, sourceType, ColumnMapping::zonedMicros);
      case "io.debezium.time.Year":
        return mapping(field, Kind.INT32, sourceType, v -> ((Number) v).intValue());
      case "io.debezium.data.Json":
        return mapping(field, Kind.JSON, sourceType, Object::toString);
      case "io.debezium.data.Bits":
        return bits(field, sourceType, params);
      case "io.debezium.data.geometry.Geometry":
      case "io.debezium.data.geometry.Point":
      case "io.debezium.data.geometry.Geography":
        return mapping(field, Kind.BYTES, sourceType, v -> bytes(((Struct) v).get("wkb")));
      default:
        return plain(field, sourceType);
    }
  }

  private static ColumnMapping plain(Field field, String sourceType) {
    Schema.Type type = field.schema().type();
    return switch (type) {
      case BOOLEAN -> mapping(field, Kind.BOOLEAN, sourceType, v -> v);
      case INT8, INT16 -> mapping(field, Kind.INT32, sourceType, v -> ((Number) v).intValue());
      // Debezium's DDL parser misses UNSIGNED after the INTEGER synonym ("INTEGER(11) UNSIGNED")
      // and delivers 4294967295 as -1: the 32 bits are all there, read them unsigned.
      case INT32 ->
          isUnsigned(sourceType)
              ? mapping(field, Kind.INT64, sourceType, v -> Integer.toUnsignedLong((Integer) v))
              : mapping(field, Kind.INT32, sourceType, v -> ((Number) v).intValue());
      case INT64 -> mapping(field, Kind.INT64, sourceType, v -> ((Number) v).longValue());
      case FLOAT32 -> mapping(field, Kind.FLOAT32, sourceType, v -> v);
      case FLOAT64 -> mapping(field, Kind.FLOAT64, sourceType, v -> v);
      case STRING -> mapping(field, Kind.STRING, sourceType, Object::toString);
      case BYTES -> mapping(field, Kind.BYTES, sourceType, ColumnMapping::bytes);
      default ->
          throw new IllegalArgumentException(
              "unsupported Connect type " + type + " of column " + field.name());
    };
  }

  private static boolean isUnsigned(String sourceType) {
    String type = sourceType.toUpperCase(java.util.Locale.ROOT);
    return type.startsWith("INT") && type.contains("UNSIGNED");
  }

  private static ColumnMapping decimal(
      String name, boolean optional, String sourceType, Map<String, String> params) {
    int scale = Integer.parseInt(params.getOrDefault(Decimal.SCALE_FIELD, "0"));
    int precision = precision(params);
    if (precision > 0 && precision <= ColumnType.MAX_DECIMAL_PRECISION && scale <= precision) {
      ColumnType type = ColumnType.decimal(precision, scale);
      return new ColumnMapping(new Column(name, type, optional, sourceType), v -> v);
    }
    // Wider than any warehouse's DECIMAL holds exactly: keep every digit as text.
    return new ColumnMapping(
        new Column(name, ColumnType.of(Kind.STRING), optional, sourceType),
        v -> ((BigDecimal) v).toPlainString());
  }

  private static int precision(Map<String, String> params) {
    String precision = params.get("connect.decimal.precision");
    if (precision == null) {
      precision = params.get(SOURCE_LENGTH);
    }
    return precision == null ? 0 : Integer.parseInt(precision);
  }

  private static ColumnMapping bits(Field field, String sourceType, Map<String, String> params) {
    int length = Integer.parseInt(params.getOrDefault("length", "64"));
    if (length < 64) {
      return mapping(field, Kind.INT64, sourceType, v -> littleEndian(bytes(v)).longValueExact());
    }
    Column column =
        new Column(
            field.name(), ColumnType.decimal(20, 0), field.schema().isOptional(), sourceType);
    return new ColumnMapping(column, v -> new BigDecimal(littleEndian(bytes(v))));
  }

  /** Debezium's Bits value: little-endian bytes of an unsigned number. */
  private static BigInteger littleEndian(byte[] bytes) {
    byte[] bigEndian = new byte[bytes.length + 1];
    for (int i = 0; i < bytes.length; i++) {
      bigEndian[bytes.length - i] = bytes[i];
    }
    return new BigInteger(bigEndian);
  }

  private static ColumnMapping mapping(
      Field field, Kind kind, String sourceType, ValueConverter converter) {
    // A TIMESTAMP column may hold zero dates, stored as NULL: optional even when NOT NULL.
    boolean optional = field.schema().isOptional() || kind == Kind.TIMESTAMP_UTC_MICROS;
    Column column = new Column(field.name(), ColumnType.of(kind), optional, sourceType);
    return new ColumnMapping(column, converter);
  }

  private static String sourceType(Map<String, String> params) {
    String type = params.get(SOURCE_TYPE);
    if (type == null) {
      return "";
    }
    String length = params.get(SOURCE_LENGTH);
    String scale = params.get(SOURCE_SCALE);
    if (length != null && scale != null) {
      return type + "(" + length + "," + scale + ")";
    }
    return length != null ? type + "(" + length + ")" : type;
  }

  static byte[] bytes(Object value) {
    if (value instanceof byte[] array) {
      return array;
    }
    ByteBuffer buffer = ((ByteBuffer) value).duplicate();
    byte[] array = new byte[buffer.remaining()];
    buffer.get(array);
    return array;
  }

  /**
   * A TIMESTAMP's instant. The binlog stores TIMESTAMP as seconds since the epoch and the zero date
   * {@code 0000-00-00 00:00:00} as 0, which Debezium passes on as 1970-01-01T00:00:00Z; a real
   * TIMESTAMP starts at 1970-01-01 00:00:01 UTC, so the epoch itself is the zero date.
   */
  private static Object zonedMicros(Object value) {
    Instant instant = OffsetDateTime.parse(value.toString()).toInstant();
    if (instant.equals(Instant.EPOCH)) {
      return UNREPRESENTABLE;
    }
    return Math.addExact(
        Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1000L);
  }
}
