package dev.binlake.capture.binlog;

import com.github.shyiko.mysql.binlog.event.deserialization.ColumnType;
import dev.binlake.api.Column;
import dev.binlake.api.ColumnType.Kind;
import dev.binlake.capture.binlog.RowMetadata.RawColumn;
import java.io.Serializable;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.Charset;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.Year;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Locale;

/**
 * The decoders of the column types the direct reader takes, each giving exactly the value that
 * Debezium's converters and binlake's mapping give for the stored column (decimal, bigint and time
 * handling precise, binary as bytes, zero dates as in {@code ZeroDateConverter}). Any other pair of
 * binlog type and stored type has no decoder: BIT, GEOMETRY, fixed-length BINARY (and MariaDB's
 * UUID and INET6, stored like it), the old temporal types, character sets other than utf8, latin1
 * and ascii.
 */
final class ColumnDecoders {
  private ColumnDecoders() {}

  /** The decoder of a column, or null if the direct reader does not decode it. */
  static ColumnDecoder of(RawColumn raw, Column stored, boolean nullable) {
    Kind kind = stored.type().kind();
    boolean unsigned = stored.sourceType().toUpperCase(Locale.ROOT).contains("UNSIGNED");
    int type = raw.type();
    if (type == ColumnType.TINY.getCode()) {
      return kind == Kind.INT32
          ? named("tinyint", unsigned ? v -> ((Integer) v) & 0xFF : v -> v)
          : null;
    }
    if (type == ColumnType.SHORT.getCode()) {
      return kind == Kind.INT32
          ? named("smallint", unsigned ? v -> ((Integer) v) & 0xFFFF : v -> v)
          : null;
    }
    if (type == ColumnType.INT24.getCode()) {
      return kind == Kind.INT32
          ? named("mediumint", unsigned ? v -> ((Integer) v) & 0xFFFFFF : v -> v)
          : null;
    }
    if (type == ColumnType.LONG.getCode()) {
      if (unsigned) {
        return kind == Kind.INT64
            ? named("int unsigned", v -> Integer.toUnsignedLong((Integer) v))
            : null;
      }
      return kind == Kind.INT32 ? named("int", v -> v) : null;
    }
    if (type == ColumnType.LONGLONG.getCode()) {
      return longlong(kind, unsigned);
    }
    if (type == ColumnType.FLOAT.getCode()) {
      return switch (kind) {
        case FLOAT32 -> named("float", v -> v);
        case FLOAT64 -> named("float as double", v -> ((Float) v).doubleValue());
        default -> null;
      };
    }
    if (type == ColumnType.DOUBLE.getCode()) {
      return kind == Kind.FLOAT64 ? named("double", v -> v) : null;
    }
    if (type == ColumnType.NEWDECIMAL.getCode()) {
      return decimal(raw, stored);
    }
    if (type == ColumnType.DATE.getCode()) {
      return kind == Kind.DATE
          ? temporal("date", nullable, v -> (int) ((LocalDate) v).toEpochDay())
          : null;
    }
    if (type == ColumnType.DATETIME_V2.getCode()) {
      return kind == Kind.TIMESTAMP_MICROS
          ? temporal("datetime", nullable, v -> micros((LocalDateTime) v))
          : null;
    }
    if (type == ColumnType.TIMESTAMP_V2.getCode()) {
      return kind == Kind.TIMESTAMP_UTC_MICROS
          ? named("timestamp", ColumnDecoders::timestamp)
          : null;
    }
    if (type == ColumnType.TIME_V2.getCode()) {
      return kind == Kind.TIME_MICROS ? named("time", v -> ((Duration) v).toNanos() / 1000L) : null;
    }
    if (type == ColumnType.YEAR.getCode()) {
      return kind == Kind.INT32 ? named("year", v -> ((Year) v).getValue()) : null;
    }
    if (type == ColumnType.ENUM.getCode()) {
      return kind == Kind.STRING && raw.values() != null ? enumeration(raw.values()) : null;
    }
    if (type == ColumnType.SET.getCode()) {
      return kind == Kind.STRING && raw.values() != null ? set(raw.values()) : null;
    }
    if (BinlogTypes.isVariableString(type)) {
      return string(raw, kind);
    }
    if (type == ColumnType.STRING.getCode()) {
      return raw.isBinary() ? fixedBinary(raw, stored) : string(raw, kind);
    }
    if (type == ColumnType.BIT.getCode()) {
      return bits(kind);
    }
    if (type == ColumnType.GEOMETRY.getCode()) {
      // The binlog's value is the SRID (4 bytes) and the WKB; Debezium's "wkb" is the WKB.
      return kind == Kind.BYTES
          ? named("geometry", v -> java.util.Arrays.copyOfRange((byte[]) v, 4, ((byte[]) v).length))
          : null;
    }
    return null;
  }

  /**
   * Whether the direct reader decodes this binlog column at all (into the right stored type); if
   * not, a table with it is always Debezium's to read.
   */
  static boolean decodes(RawColumn raw) {
    int type = raw.type();
    if (BinlogTypes.isVariableString(type) || type == ColumnType.STRING.getCode()) {
      return raw.isBinary() || raw.charset() != null;
    }
    if (type == ColumnType.ENUM.getCode() || type == ColumnType.SET.getCode()) {
      return raw.values() != null;
    }
    return BinlogTypes.isInteger(type)
        || type == ColumnType.FLOAT.getCode()
        || type == ColumnType.DOUBLE.getCode()
        || type == ColumnType.NEWDECIMAL.getCode()
        || type == ColumnType.DATE.getCode()
        || type == ColumnType.DATETIME_V2.getCode()
        || type == ColumnType.TIMESTAMP_V2.getCode()
        || type == ColumnType.TIME_V2.getCode()
        || type == ColumnType.YEAR.getCode()
        || type == ColumnType.BIT.getCode()
        || type == ColumnType.GEOMETRY.getCode();
  }

  /**
   * BINARY(n), MariaDB's UUID among them: the binlog drops trailing zero bytes. A UUID becomes its
   * text as {@code UuidConverter} gives it; other values get their zero bytes back, as Debezium
   * pads them to the column's length.
   */
  private static ColumnDecoder fixedBinary(RawColumn raw, Column stored) {
    Kind kind = stored.type().kind();
    if (stored.sourceType().toUpperCase(Locale.ROOT).startsWith("UUID")) {
      return kind == Kind.STRING
          ? named("uuid", v -> dev.binlake.capture.mapping.UuidConverter.text(v))
          : null;
    }
    int length = raw.metadata();
    return kind == Kind.BYTES
        ? named(
            "binary(" + length + ")",
            v -> {
              byte[] bytes = (byte[]) v;
              return bytes.length >= length ? bytes : java.util.Arrays.copyOf(bytes, length);
            })
        : null;
  }

  /** BIT(n): BIT(1) as a boolean, up to 63 bits a number, BIT(64) an unsigned DECIMAL(20,0). */
  private static ColumnDecoder bits(Kind kind) {
    return switch (kind) {
      case BOOLEAN -> named("bit(1)", v -> ((java.util.BitSet) v).get(0));
      case INT64 -> named("bit", v -> bitsValue((java.util.BitSet) v));
      case DECIMAL -> named("bit(64)", v -> unsignedLong(bitsValue((java.util.BitSet) v)));
      default -> null;
    };
  }

  private static long bitsValue(java.util.BitSet bits) {
    long[] words = bits.toLongArray();
    return words.length == 0 ? 0L : words[0];
  }

  /**
   * Why the stored column is older than the binlog's (an ALTER since), or null: an integer whose
   * signedness differs, a NOT NULL column that is nullable now.
   */
  static String staleness(RawColumn raw, Column stored, boolean nullable) {
    boolean unsigned = stored.sourceType().toUpperCase(Locale.ROOT).contains("UNSIGNED");
    if (BinlogTypes.isInteger(raw.type()) && raw.unsigned() != unsigned) {
      return "the binlog says "
          + (raw.unsigned() ? "UNSIGNED" : "signed")
          + ", stored "
          + stored.sourceType();
    }
    if (nullable && !stored.optional()) {
      return "the binlog says nullable, stored NOT NULL";
    }
    return null;
  }

  private static ColumnDecoder longlong(Kind kind, boolean unsigned) {
    if (!unsigned) {
      return kind == Kind.INT64 ? named("bigint", v -> v) : null;
    }
    return switch (kind) {
      case DECIMAL -> named("bigint unsigned", v -> unsignedLong((Long) v));
      case STRING -> named("bigint unsigned as text", v -> unsignedLong((Long) v).toPlainString());
      default -> null;
    };
  }

  private static BigDecimal unsignedLong(long value) {
    return value >= 0
        ? BigDecimal.valueOf(value)
        : new BigDecimal(new BigInteger(Long.toUnsignedString(value)));
  }

  private static ColumnDecoder decimal(RawColumn raw, Column stored) {
    int precision = raw.metadata() & 0xFF;
    int scale = raw.metadata() >> 8;
    dev.binlake.api.ColumnType type = stored.type();
    if (type.kind() == Kind.DECIMAL) {
      return type.precision() == precision && type.scale() == scale
          ? named("decimal", v -> ((BigDecimal) v).setScale(scale))
          : null;
    }
    return type.kind() == Kind.STRING
        ? named("decimal as text", v -> ((BigDecimal) v).setScale(scale).toPlainString())
        : null;
  }

  private static ColumnDecoder string(RawColumn raw, Kind kind) {
    if (raw.isBinary()) {
      return kind == Kind.BYTES ? named("binary", v -> v) : null;
    }
    Charset charset = raw.charset();
    if (charset == null || (kind != Kind.STRING && kind != Kind.JSON)) {
      return null;
    }
    return named("text " + charset, v -> new String((byte[]) v, charset));
  }

  private static ColumnDecoder enumeration(String[] values) {
    return named(
        "enum",
        v -> {
          int index = (Integer) v;
          return index == 0 ? "" : values[index - 1];
        });
  }

  private static ColumnDecoder set(String[] values) {
    return named(
        "set",
        v -> {
          long bits = (Long) v;
          StringBuilder text = new StringBuilder();
          for (int i = 0; i < values.length; i++) {
            if ((bits & (1L << i)) != 0) {
              if (text.length() > 0) {
                text.append(',');
              }
              text.append(values[i]);
            }
          }
          return text.toString();
        });
  }

  private static long micros(LocalDateTime value) {
    return Math.addExact(
        Math.multiplyExact(value.toEpochSecond(ZoneOffset.UTC), 1_000_000L),
        value.getNano() / 1000L);
  }

  /** A TIMESTAMP's zero date is stored as 0: the epoch itself (see ColumnMapping). */
  private static Object timestamp(Serializable value) {
    Instant instant = ((ZonedDateTime) value).toInstant();
    if (instant.equals(Instant.EPOCH)) {
      return ColumnDecoder.UNREPRESENTABLE;
    }
    return Math.addExact(
        Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1000L);
  }

  /** DATE and DATETIME: a zero date reads as null; in a NOT NULL column it is not representable. */
  private static ColumnDecoder temporal(String name, boolean nullable, Decode decode) {
    return new ColumnDecoder() {
      @Override
      public Object decode(Serializable value) {
        return decode.apply(value);
      }

      @Override
      public Object ofNull() {
        return nullable ? null : UNREPRESENTABLE;
      }

      @Override
      public String toString() {
        return name;
      }
    };
  }

  private static ColumnDecoder named(String name, Decode decode) {
    return new ColumnDecoder() {
      @Override
      public Object decode(Serializable value) {
        return decode.apply(value);
      }

      @Override
      public String toString() {
        return name;
      }
    };
  }

  private interface Decode {
    Object apply(Serializable value);
  }
}
