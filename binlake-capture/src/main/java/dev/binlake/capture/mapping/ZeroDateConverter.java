package dev.binlake.capture.mapping;

import io.debezium.spi.converter.CustomConverter;
import io.debezium.spi.converter.RelationalColumn;
import io.debezium.time.Date;
import io.debezium.time.MicroTimestamp;
import io.debezium.time.Timestamp;
import java.util.Locale;
import java.util.Properties;
import org.apache.kafka.connect.data.SchemaBuilder;

/**
 * Keeps zero dates ({@code 0000-00-00}, also with a zero month or day) of NOT NULL DATE and
 * DATETIME columns recognisable. Debezium's binlog and snapshot readers turn such a value into
 * null, and for a NOT NULL column its own converter then substitutes the column default or
 * 1970-01-01: a real-looking date that never was in the source. This converter takes over those
 * columns with Debezium's own schema and value conversion, and turns null — which a NOT NULL column
 * cannot hold — into a sentinel that {@link ColumnMapping} maps to NULL counted as not
 * representable. (In nullable columns a zero date and NULL both arrive as null and stay
 * indistinguishable.)
 */
public final class ZeroDateConverter implements CustomConverter<SchemaBuilder, RelationalColumn> {
  /** The schema parameter that marks a column converted here. */
  static final String PARAMETER = "binlake.zero.sentinel";

  /** A DATE's sentinel: about 5.9 million years before the epoch, far outside MariaDB's range. */
  static final int ZERO_DAY = Integer.MIN_VALUE;

  /** A DATETIME's sentinel, in milliseconds or microseconds since the epoch. */
  static final long ZERO_TIME = Long.MIN_VALUE;

  @Override
  public void configure(Properties properties) {}

  @Override
  public void converterFor(
      RelationalColumn column, ConverterRegistration<SchemaBuilder> registration) {
    if (column.isOptional()) {
      return;
    }
    String type = column.typeName().toUpperCase(Locale.ROOT);
    if (type.equals("DATE")) {
      registration.register(
          Date.builder().parameter(PARAMETER, "true"),
          v -> v == null ? ZERO_DAY : Date.toEpochDay(v, null));
    } else if (type.equals("DATETIME")) {
      // time.precision.mode=adaptive_time_microseconds: milliseconds up to DATETIME(3).
      if (column.length().orElse(0) <= 3) {
        registration.register(
            Timestamp.builder().parameter(PARAMETER, "true"),
            v -> v == null ? ZERO_TIME : Timestamp.toEpochMillis(v, null));
      } else {
        registration.register(
            MicroTimestamp.builder().parameter(PARAMETER, "true"),
            v -> v == null ? ZERO_TIME : MicroTimestamp.toEpochMicros(v, null));
      }
    }
  }

  /** Whether {@code value} of a column converted here is the zero-date sentinel. */
  static boolean isZero(Object value) {
    return value instanceof Integer day && day == ZERO_DAY
        || value instanceof Long time && time == ZERO_TIME;
  }
}
