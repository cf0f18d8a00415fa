package dev.binlake.warehouse.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.binlake.api.Column;
import dev.binlake.api.ColumnType;
import dev.binlake.api.Op;
import dev.binlake.api.OrderKey;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class BinaryCopyWriterTest {
  private final ByteArrayOutputStream sent = new ByteArrayOutputStream();

  private DataInputStream encode(ColumnType type, Object value) throws Exception {
    BinaryCopyWriter writer =
        new BinaryCopyWriter(List.of(new Column("c", type, true, "x")), sent::write);
    writer.write(Op.INSERT, 0, OrderKey.MIN, new Object[] {value});
    writer.finish();
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(sent.toByteArray()));
    in.skipNBytes(11 + 4 + 4); // signature, flags, header extension
    assertThat(in.readShort()).isEqualTo((short) 4);
    in.skipNBytes(in.readInt()); // Op
    in.skipNBytes(in.readInt()); // commit time
    in.skipNBytes(in.readInt()); // order key
    return in;
  }

  /** Reads numeric's binary form back, as PostgreSQL's numeric_recv does. */
  private static BigDecimal readNumeric(DataInputStream in) throws IOException {
    int length = in.readInt();
    int ndigits = in.readShort();
    assertThat(length).isEqualTo(8 + 2 * ndigits);
    int weight = in.readShort();
    int sign = in.readShort();
    int dscale = in.readShort();
    BigDecimal value = BigDecimal.ZERO;
    for (int i = 0; i < ndigits; i++) {
      int digit = in.readShort();
      assertThat(digit).isBetween(0, 9999);
      value = value.add(BigDecimal.valueOf(digit).scaleByPowerOfTen(4 * (weight - i)));
    }
    value = value.setScale(dscale);
    return sign == 0x4000 ? value.negate() : value;
  }

  @Test
  void numericsEncodeEveryDigitSignAndScale() throws Exception {
    for (String text :
        List.of(
            "0",
            "0.0000000000",
            "1",
            "-1",
            "10000",
            "99999999999999999999999999999999999999",
            "-1234567890123456789012345678.0123456789",
            "0.00000000000000000000000000000000000001",
            "12345.6000",
            "100000000.000100")) {
      sent.reset();
      BigDecimal value = new BigDecimal(text);
      BigDecimal read =
          readNumeric(encode(ColumnType.decimal(38, Math.max(value.scale(), 0)), value));
      assertThat(read).as(text).isEqualTo(value);
    }
  }

  @Test
  void numericWithANegativeScaleIsWrittenWhole() throws Exception {
    BigDecimal value = new BigDecimal(new BigInteger("12"), -3); // 12000
    assertThat(readNumeric(encode(ColumnType.decimal(10, 0), value)))
        .isEqualTo(new BigDecimal("12000"));
  }

  @Test
  void floatsKeepTheirBits() throws Exception {
    DataInputStream in = encode(ColumnType.of(ColumnType.Kind.FLOAT64), -0.0);
    assertThat(in.readInt()).isEqualTo(8);
    assertThat(in.readLong()).isEqualTo(Double.doubleToRawLongBits(-0.0));
  }

  @Test
  void nulInTextAndJsonEscapesBecomeReplacementCharactersButEscapedBackslashesStay()
      throws Exception {
    BinaryCopyWriter writer =
        new BinaryCopyWriter(
            List.of(
                new Column("t", ColumnType.of(ColumnType.Kind.STRING), true, "x"),
                new Column("j", ColumnType.of(ColumnType.Kind.JSON), true, "x")),
            sent::write);
    writer.write(
        Op.INSERT, 0, OrderKey.MIN, new Object[] {"a\0", "[\"\\u0000\", \"\\\\u0000\", \"\\\"\"]"});
    writer.finish();

    String encoded = new String(sent.toByteArray(), StandardCharsets.UTF_8);
    assertThat(encoded).contains("a\uFFFD").contains("[\"\\ufffd\", \"\\\\u0000\", \"\\\"\"]");
    assertThat(writer.replacedNuls()).isEqualTo(2);
  }

  @Test
  void datesAndTimestampsCountFromPostgresEpoch() throws Exception {
    DataInputStream in = encode(ColumnType.of(ColumnType.Kind.DATE), 10_957);
    assertThat(in.readInt()).isEqualTo(4);
    assertThat(in.readInt()).isZero();
    sent.reset();
    in = encode(ColumnType.of(ColumnType.Kind.TIMESTAMP_UTC_MICROS), 946_684_800_000_001L);
    assertThat(in.readInt()).isEqualTo(8);
    assertThat(in.readLong()).isEqualTo(1);
  }

  @Test
  void trailerEndsTheStream() throws Exception {
    encode(ColumnType.of(ColumnType.Kind.BOOLEAN), true);
    ByteBuffer bytes = ByteBuffer.wrap(sent.toByteArray());
    assertThat(bytes.getShort(bytes.limit() - 2)).isEqualTo((short) -1);
  }

  @Test
  void valueOfTheWrongClassIsRefusedWithTheColumn() throws Exception {
    BinaryCopyWriter writer =
        new BinaryCopyWriter(
            List.of(new Column("n", ColumnType.of(ColumnType.Kind.INT32), true, "x")), sent::write);
    assertThatThrownBy(() -> writer.write(Op.INSERT, 0, OrderKey.MIN, new Object[] {"1"}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("column n of type INT32 holds a java.lang.String");
  }
}
