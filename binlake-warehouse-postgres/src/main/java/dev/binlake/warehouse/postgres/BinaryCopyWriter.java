package dev.binlake.warehouse.postgres;

import dev.binlake.api.Column;
import dev.binlake.api.ColumnType;
import dev.binlake.api.Op;
import dev.binlake.api.OrderKey;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.List;

/**
 * Encodes change rows in PostgreSQL's binary COPY format (header, one tuple per row, trailer) and
 * hands them to a {@link Sink} in chunks of about 64 KiB, so a file streams through without being
 * held in memory. Binary keeps floats bit-exact (NaN, -0.0, subnormals) and needs no escaping.
 *
 * <p>Text cannot hold U+0000 in PostgreSQL; each one (in STRING values, and as the escape {@code
 * \u0000} in JSON values, which jsonb refuses) becomes U+FFFD and is counted.
 */
final class BinaryCopyWriter {
  /** Where encoded bytes go: {@code CopyIn::writeToCopy} in production. */
  @FunctionalInterface
  interface Sink {
    void write(byte[] bytes, int offset, int length) throws SQLException;
  }

  private static final byte[] SIGNATURE = {
    'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0
  };
  private static final int CHUNK = 64 * 1024;

  /** 2000-01-01, PostgreSQL's epoch, in days and microseconds after 1970-01-01. */
  static final int PG_EPOCH_DAYS = 10_957;

  static final long PG_EPOCH_MICROS = PG_EPOCH_DAYS * 86_400_000_000L;
  private static final int NUMERIC_NEG = 0x4000;
  private static final BigInteger NBASE = BigInteger.valueOf(10_000);
  private static final char REPLACEMENT = '\uFFFD';

  private final List<Column> columns;
  private final Sink sink;
  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(CHUNK + 8192);
  private final DataOutputStream out = new DataOutputStream(buffer);
  private long rows;
  private long replacedNuls;

  BinaryCopyWriter(List<Column> columns, Sink sink) throws SQLException {
    this.columns = List.copyOf(columns);
    this.sink = sink;
    try {
      out.write(SIGNATURE);
      out.writeInt(0); // flags
      out.writeInt(0); // header extension length
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
    }
  }

  /**
   * Encodes one row.
   *
   * @throws IllegalArgumentException if the values do not fit the columns (count or Java class)
   */
  void write(Op op, long commitTimeMicros, OrderKey orderKey, Object[] values) throws SQLException {
    write(op, Long.valueOf(commitTimeMicros), orderKey.value(), values);
  }

  /**
   * Encodes one row whose order is any text (AWS DMS order values) and whose commit time may be
   * unknown (null).
   *
   * @throws IllegalArgumentException if the values do not fit the columns (count or Java class)
   */
  void write(Op op, Long commitTimeMicros, String order, Object[] values) throws SQLException {
    if (values.length != columns.size()) {
      throw new IllegalArgumentException(
          "a row has " + values.length + " values for " + columns.size() + " columns");
    }
    try {
      out.writeShort(3 + values.length);
      writeText(op.code());
      if (commitTimeMicros == null) {
        out.writeInt(-1);
      } else {
        out.writeInt(8);
        out.writeLong(commitTimeMicros - PG_EPOCH_MICROS);
      }
      writeText(order);
      for (int i = 0; i < values.length; i++) {
        writeValue(columns.get(i), values[i]);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    rows++;
    if (buffer.size() >= CHUNK) {
      flush();
    }
  }

  /** Writes the trailer and everything still buffered. */
  void finish() throws SQLException {
    try {
      out.writeShort(-1);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    flush();
  }

  long rows() {
    return rows;
  }

  long replacedNuls() {
    return replacedNuls;
  }

  private void flush() throws SQLException {
    if (buffer.size() > 0) {
      sink.write(buffer.toByteArray(), 0, buffer.size());
      buffer.reset();
    }
  }

  private void writeValue(Column column, Object value) throws IOException {
    if (value == null) {
      out.writeInt(-1);
      return;
    }
    ColumnType type = column.type();
    try {
      switch (type.kind()) {
        case BOOLEAN -> {
          out.writeInt(1);
          out.writeByte((Boolean) value ? 1 : 0);
        }
        case INT32 -> {
          out.writeInt(4);
          out.writeInt((Integer) value);
        }
        case INT64, TIME_MICROS -> {
          out.writeInt(8);
          out.writeLong((Long) value);
        }
        case DECIMAL -> writeNumeric((BigDecimal) value);
        case FLOAT32 -> {
          out.writeInt(4);
          out.writeInt(Float.floatToRawIntBits((Float) value));
        }
        case FLOAT64 -> {
          out.writeInt(8);
          out.writeLong(Double.doubleToRawLongBits((Double) value));
        }
        case STRING -> writeText(withoutNul((String) value));
        case JSON -> writeJsonb(withoutNulEscape((String) value));
        case BYTES -> {
          byte[] bytes = (byte[]) value;
          out.writeInt(bytes.length);
          out.write(bytes);
        }
        case DATE -> {
          out.writeInt(4);
          out.writeInt((Integer) value - PG_EPOCH_DAYS);
        }
        case TIMESTAMP_MICROS, TIMESTAMP_UTC_MICROS -> {
          out.writeInt(8);
          out.writeLong((Long) value - PG_EPOCH_MICROS);
        }
      }
    } catch (ClassCastException e) {
      throw new IllegalArgumentException(
          "column " + column.name() + " of type " + type + " holds a " + value.getClass().getName(),
          e);
    }
  }

  private void writeText(String text) throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    out.writeInt(bytes.length);
    out.write(bytes);
  }

  /** jsonb's binary form: version 1, then the JSON text. */
  private void writeJsonb(String json) throws IOException {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    out.writeInt(bytes.length + 1);
    out.writeByte(1);
    out.write(bytes);
  }

  private String withoutNul(String text) {
    if (text.indexOf('\0') < 0) {
      return text;
    }
    StringBuilder replaced = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\0') {
        replacedNuls++;
        replaced.append(REPLACEMENT);
      } else {
        replaced.append(c);
      }
    }
    return replaced.toString();
  }

  /** Replaces the escape {@code \u0000} (not an escaped backslash before "u0000") by U+FFFD's. */
  private String withoutNulEscape(String json) {
    if (!json.contains("\\u0000")) {
      return withoutNul(json);
    }
    StringBuilder replaced = new StringBuilder(json.length());
    for (int i = 0; i < json.length(); i++) {
      char c = json.charAt(i);
      if (c == '\\' && i + 1 < json.length()) {
        if (json.startsWith("u0000", i + 1)) {
          replacedNuls++;
          replaced.append("\\ufffd");
          i += 5;
        } else {
          replaced.append(c).append(json.charAt(i + 1));
          i++;
        }
      } else if (c == '\0') {
        replacedNuls++;
        replaced.append(REPLACEMENT);
      } else {
        replaced.append(c);
      }
    }
    return replaced.toString();
  }

  /**
   * numeric's binary form: digit count, weight of the first base-10000 digit, sign, display scale,
   * then the base-10000 digits without leading or trailing zero digits.
   */
  private void writeNumeric(BigDecimal value) throws IOException {
    BigDecimal plain = value.scale() < 0 ? value.setScale(0) : value;
    int scale = plain.scale();
    BigInteger unscaled = plain.unscaledValue().abs();
    // Align the decimal point to a base-10000 digit boundary.
    int fractionGroups = (scale + 3) / 4;
    BigInteger aligned = unscaled.multiply(BigInteger.TEN.pow(fractionGroups * 4 - scale));
    short[] digits = new short[aligned.toString().length() / 4 + 2];
    int count = 0;
    while (aligned.signum() > 0) {
      BigInteger[] divided = aligned.divideAndRemainder(NBASE);
      digits[count++] = divided[1].shortValue(); // least significant first
      aligned = divided[0];
    }
    int low = 0;
    while (low < count && digits[low] == 0) {
      low++;
    }
    int weight = count - 1 - fractionGroups;
    int ndigits = count - low;
    out.writeInt(8 + 2 * ndigits);
    out.writeShort(ndigits);
    out.writeShort(ndigits == 0 ? 0 : weight);
    out.writeShort(plain.signum() < 0 ? NUMERIC_NEG : 0);
    out.writeShort(scale);
    for (int i = count - 1; i >= low; i--) {
      out.writeShort(digits[i]);
    }
  }
}
