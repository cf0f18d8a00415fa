package dev.binlake.capture.mapping;

import io.debezium.data.Uuid;
import io.debezium.spi.converter.CustomConverter;
import io.debezium.spi.converter.RelationalColumn;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Locale;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.connect.data.SchemaBuilder;

/**
 * MariaDB's UUID columns as their text, exactly. The binlog drops a UUID's trailing zero bytes (as
 * for any fixed-length binary value) and Debezium reads the shorter value as a number, which shifts
 * it right: {@code 123e4567-…-426614174000} arrived as {@code 00123e45-…}. Here the bytes are
 * padded back on the right; text from the snapshot passes through unchanged.
 */
public final class UuidConverter implements CustomConverter<SchemaBuilder, RelationalColumn> {
  private static final int UUID_BYTES = 16;

  @Override
  public void configure(Properties properties) {}

  @Override
  public void converterFor(
      RelationalColumn column, ConverterRegistration<SchemaBuilder> registration) {
    if (column.typeName().toUpperCase(Locale.ROOT).equals("UUID")) {
      SchemaBuilder schema = Uuid.builder();
      if (column.isOptional()) {
        schema.optional();
      }
      registration.register(schema, UuidConverter::text);
    }
  }

  public static String text(Object value) {
    if (value == null) {
      return null;
    }
    byte[] bytes;
    if (value instanceof byte[] array) {
      bytes = array;
    } else if (value instanceof ByteBuffer buffer) {
      bytes = new byte[buffer.remaining()];
      buffer.duplicate().get(bytes);
    } else {
      return value.toString(); // UUID or text
    }
    if (bytes.length > UUID_BYTES) {
      throw new IllegalArgumentException("a UUID has 16 bytes, not " + bytes.length);
    }
    ByteBuffer padded = ByteBuffer.wrap(Arrays.copyOf(bytes, UUID_BYTES));
    return new UUID(padded.getLong(), padded.getLong()).toString();
  }
}
