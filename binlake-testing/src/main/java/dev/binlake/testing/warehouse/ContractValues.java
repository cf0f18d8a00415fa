package dev.binlake.testing.warehouse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.binlake.api.ColumnType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.sql.Blob;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.HexFormat;

/**
 * Values in a form that compares equal across warehouses and drivers: whole numbers as Long,
 * decimals without trailing zeros, bytes as {@code 0x…} hex, instants as {@link Instant}, local
 * date-times as {@link LocalDateTime}, dates as {@link LocalDate}; Float and Double unchanged
 * (their {@code equals} tells NaN, -0.0 and every bit apart).
 */
public final class ContractValues {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

  private ContractValues() {}

  /** A value a driver returned, normalized. */
  public static Object normalize(Object value) {
    if (value == null
        || value instanceof Long
        || value instanceof Float
        || value instanceof Double
        || value instanceof String
        || value instanceof Boolean) {
      return value;
    }
    if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
      return ((Number) value).longValue();
    }
    if (value instanceof BigInteger big) {
      return big.bitLength() < 64 ? (Object) big.longValue() : new BigDecimal(big);
    }
    if (value instanceof BigDecimal decimal) {
      return decimal(decimal);
    }
    if (value instanceof byte[] bytes) {
      return hex(bytes);
    }
    if (value instanceof ByteBuffer buffer) {
      byte[] bytes = new byte[buffer.remaining()];
      buffer.duplicate().get(bytes);
      return hex(bytes);
    }
    if (value instanceof Blob blob) {
      try {
        return hex(blob.getBytes(1, (int) blob.length()));
      } catch (SQLException e) {
        throw new IllegalStateException("Cannot read a BLOB value: " + e.getMessage(), e);
      }
    }
    if (value instanceof OffsetDateTime time) {
      return time.toInstant();
    }
    if (value instanceof ZonedDateTime time) {
      return time.toInstant();
    }
    if (value instanceof java.sql.Timestamp time) {
      return time.toLocalDateTime();
    }
    if (value instanceof java.sql.Date date) {
      return date.toLocalDate();
    }
    if (value instanceof Instant || value instanceof LocalDateTime || value instanceof LocalDate) {
      return value;
    }
    return value.toString(); // e.g. a driver's JSON object
  }

  /**
   * What a value written to a change file as {@code type}'s Java value (see {@link ColumnType})
   * reads back as, normalized.
   */
  public static Object expected(ColumnType type, Object written) {
    if (written == null) {
      return null;
    }
    return switch (type.kind()) {
      case DATE -> LocalDate.ofEpochDay((Integer) written);
      case TIMESTAMP_MICROS ->
          LocalDateTime.ofEpochSecond(
              Math.floorDiv((Long) written, 1_000_000L),
              (int) Math.floorMod((Long) written, 1_000_000L) * 1000,
              ZoneOffset.UTC);
      case TIMESTAMP_UTC_MICROS ->
          Instant.ofEpochSecond(
              Math.floorDiv((Long) written, 1_000_000L),
              Math.floorMod((Long) written, 1_000_000L) * 1000);
      case JSON -> json(written);
      default -> normalize(written);
    };
  }

  /** JSON text as a tree: object key order, whitespace and number spelling do not matter. */
  public static JsonNode json(Object text) {
    if (text == null) {
      return null;
    }
    try {
      return JSON.readTree(text.toString());
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not JSON: " + text, e);
    }
  }

  private static BigDecimal decimal(BigDecimal value) {
    return value.signum() == 0 ? BigDecimal.ZERO : value.stripTrailingZeros();
  }

  private static String hex(byte[] bytes) {
    return "0x" + HexFormat.of().formatHex(bytes);
  }
}
