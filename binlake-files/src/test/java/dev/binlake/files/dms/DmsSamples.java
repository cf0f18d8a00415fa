package dev.binlake.files.dms;

import static org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit.MILLIS;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.BINARY;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.BOOLEAN;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.INT32;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.INT64;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.INT96;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Types;

/** A DMS-style CDC file's schema and rows (write them with {@code DmsStyleParquet}). */
public final class DmsSamples {
  private DmsSamples() {}

  /** A CDC file as DMS writes it for a MySQL source: Op, the timestamp text, then the columns. */
  public static MessageType cdcSchema() {
    return Types.buildMessage()
        .required(BINARY)
        .as(LogicalTypeAnnotation.stringType())
        .named("Op")
        .required(BINARY)
        .as(LogicalTypeAnnotation.stringType())
        .named("DMS_TIMESTAMP")
        .required(INT32)
        .named("id")
        .optional(INT32)
        .as(LogicalTypeAnnotation.intType(8, true))
        .named("tiny")
        .optional(INT32)
        .as(LogicalTypeAnnotation.intType(16, true))
        .named("small")
        .optional(INT64)
        .as(LogicalTypeAnnotation.intType(64, false))
        .named("counter")
        .optional(FIXED_LEN_BYTE_ARRAY)
        .length(7)
        .as(LogicalTypeAnnotation.decimalType(2, 15))
        .named("price")
        .optional(BINARY)
        .as(LogicalTypeAnnotation.stringType())
        .named("name")
        .optional(BINARY)
        .named("data")
        .optional(INT64)
        .as(LogicalTypeAnnotation.timestampType(true, MILLIS))
        .named("created")
        .optional(INT32)
        .as(LogicalTypeAnnotation.dateType())
        .named("day")
        .optional(INT96)
        .named("legacy_ts")
        .optional(BOOLEAN)
        .named("flag")
        .named("dms");
  }

  public static List<Object[]> cdcRows() {
    Object[] insert = {
      "I",
      "2024-08-09 19:27:17.787000",
      1,
      -5,
      -300,
      -1L,
      fixed(new BigDecimal("-12345.67"), 7),
      "Grüße",
      new byte[] {1, 2},
      millis("2024-08-09T19:27:17.123"),
      (int) LocalDate.parse("2024-08-09").toEpochDay(),
      int96("2024-08-09T01:02:03.000004"),
      true
    };
    Object[] update = insert.clone();
    update[0] = "U";
    update[7] = "Grüße 2";
    Object[] delete = new Object[insert.length];
    delete[0] = "D";
    delete[1] = "2024-08-09 19:27:18.001000";
    delete[2] = 1;
    return List.of(insert, update, delete);
  }

  public static byte[] fixed(BigDecimal value, int length) {
    byte[] unscaled = value.unscaledValue().toByteArray();
    byte[] bytes = new byte[length];
    Arrays.fill(bytes, value.signum() < 0 ? (byte) -1 : 0);
    System.arraycopy(unscaled, 0, bytes, length - unscaled.length, unscaled.length);
    return bytes;
  }

  public static long millis(String localDateTime) {
    return LocalDateTime.parse(localDateTime).toInstant(ZoneOffset.UTC).toEpochMilli();
  }

  public static long micros(LocalDateTime time) {
    java.time.Instant instant = time.toInstant(ZoneOffset.UTC);
    return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1000;
  }

  public static byte[] int96(String localDateTime) {
    LocalDateTime time = LocalDateTime.parse(localDateTime);
    long julianDay = time.toLocalDate().toEpochDay() + 2_440_588L;
    long nanos = time.toLocalTime().toNanoOfDay();
    return ByteBuffer.allocate(12)
        .order(ByteOrder.LITTLE_ENDIAN)
        .putLong(nanos)
        .putInt((int) julianDay)
        .array();
  }
}
