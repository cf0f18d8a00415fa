package dev.binlake.files;

import static dev.binlake.api.ColumnType.Kind.BOOLEAN;
import static dev.binlake.api.ColumnType.Kind.BYTES;
import static dev.binlake.api.ColumnType.Kind.DATE;
import static dev.binlake.api.ColumnType.Kind.FLOAT32;
import static dev.binlake.api.ColumnType.Kind.FLOAT64;
import static dev.binlake.api.ColumnType.Kind.INT32;
import static dev.binlake.api.ColumnType.Kind.INT64;
import static dev.binlake.api.ColumnType.Kind.JSON;
import static dev.binlake.api.ColumnType.Kind.STRING;
import static dev.binlake.api.ColumnType.Kind.TIMESTAMP_MICROS;
import static dev.binlake.api.ColumnType.Kind.TIMESTAMP_UTC_MICROS;
import static dev.binlake.api.ColumnType.Kind.TIME_MICROS;

import dev.binlake.api.ChangeRecord;
import dev.binlake.api.Column;
import dev.binlake.api.ColumnType;
import dev.binlake.api.Op;
import dev.binlake.api.OrderKey;
import dev.binlake.api.SourceOffset;
import dev.binlake.api.TableId;
import dev.binlake.api.TableSchema;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Schemas, records and edge values for change-file tests. */
final class TestTables {
  static final TableId ALL_KINDS = new TableId("shop", "all_kinds");

  /** 2024-05-06T07:08:09.123456Z. */
  static final long BASE_COMMIT_MICROS = 1_714_979_289_123_456L;

  static final BigDecimal DECIMAL_38_MAX =
      new BigDecimal("9999999999999999999999999999.9999999999");
  static final BigDecimal UNSIGNED_BIGINT_MAX = new BigDecimal("18446744073709551615");
  static final long TIME_838_59_59 = -((838L * 3600 + 59 * 60 + 59) * 1_000_000L);
  static final long TIME_30_HOURS = 30L * 3600 * 1_000_000L + 1;
  static final String FOUR_BYTE_UTF8 = "emoji 😀 𝄞 and ü";

  private TestTables() {}

  /** One column of every kind, each optional, after a required key column {@code id}. */
  static TableSchema allKinds() {
    List<Column> columns = new ArrayList<>();
    columns.add(new Column("id", ColumnType.of(INT64), false, "bigint"));
    columns.add(new Column("c_bool", ColumnType.of(BOOLEAN), true, "bit(1)"));
    columns.add(new Column("c_int", ColumnType.of(INT32), true, "int"));
    columns.add(new Column("c_bigint", ColumnType.of(INT64), true, "bigint"));
    columns.add(new Column("c_dec9", ColumnType.decimal(9, 2), true, "decimal(9,2)"));
    columns.add(new Column("c_dec18", ColumnType.decimal(18, 4), true, "decimal(18,4)"));
    columns.add(new Column("c_dec38", ColumnType.decimal(38, 10), true, "decimal(38,10)"));
    columns.add(new Column("c_u64", ColumnType.decimal(20, 0), true, "bigint unsigned"));
    columns.add(new Column("c_float", ColumnType.of(FLOAT32), true, "float"));
    columns.add(new Column("c_double", ColumnType.of(FLOAT64), true, "double"));
    columns.add(new Column("c_text", ColumnType.of(STRING), true, "varchar(100)"));
    columns.add(new Column("c_json", ColumnType.of(JSON), true, "json"));
    columns.add(new Column("c_blob", ColumnType.of(BYTES), true, "blob"));
    columns.add(new Column("c_date", ColumnType.of(DATE), true, "date"));
    columns.add(new Column("c_time", ColumnType.of(TIME_MICROS), true, "time(6)"));
    columns.add(new Column("c_datetime", ColumnType.of(TIMESTAMP_MICROS), true, "datetime(6)"));
    columns.add(
        new Column("c_timestamp", ColumnType.of(TIMESTAMP_UTC_MICROS), true, "timestamp(6)"));
    return new TableSchema(ALL_KINDS, columns, List.of("id"));
  }

  /** Rows of {@link #allKinds()}: ordinary values, all nulls, minimum edges, maximum edges. */
  static List<Object[]> allKindsRows() {
    byte[] megabyte = new byte[1024 * 1024];
    new Random(42).nextBytes(megabyte);
    List<Object[]> rows = new ArrayList<>();
    rows.add(
        new Object[] {
          1L,
          true,
          42,
          1234567890123L,
          new BigDecimal("1234.50"),
          new BigDecimal("-3.1416"),
          new BigDecimal("12345.0000000001"),
          new BigDecimal("42"),
          1.5f,
          2.25,
          "plain text",
          "{\"a\": [1, 2]}",
          new byte[] {0, 1, (byte) 0xFF},
          days(2024, 5, 6),
          3_723_000_001L,
          micros(LocalDateTime.of(2024, 5, 6, 7, 8, 9, 123_456_000)),
          BASE_COMMIT_MICROS
        });
    Object[] nulls = new Object[17];
    nulls[0] = 2L;
    rows.add(nulls);
    rows.add(
        new Object[] {
          Long.MIN_VALUE,
          false,
          Integer.MIN_VALUE,
          Long.MIN_VALUE,
          new BigDecimal("-9999999.99"),
          new BigDecimal("-99999999999999.9999"),
          DECIMAL_38_MAX.negate(),
          BigDecimal.ZERO,
          -0.0f,
          -0.0,
          "",
          "{}",
          new byte[0],
          days(1, 1, 1),
          TIME_838_59_59,
          micros(LocalDateTime.of(1900, 1, 1, 0, 0, 0, 1000)),
          -1L
        });
    rows.add(
        new Object[] {
          Long.MAX_VALUE,
          true,
          Integer.MAX_VALUE,
          Long.MAX_VALUE,
          new BigDecimal("9999999.99"),
          new BigDecimal("99999999999999.9999"),
          DECIMAL_38_MAX,
          UNSIGNED_BIGINT_MAX,
          Float.NaN,
          Double.NaN,
          FOUR_BYTE_UTF8,
          "{\"k\": \"😀\"}",
          megabyte,
          days(1969, 7, 20),
          TIME_30_HOURS,
          micros(LocalDateTime.of(9999, 12, 31, 23, 59, 59, 999_999_000)),
          micros(LocalDateTime.of(2038, 1, 19, 3, 14, 8))
        });
    rows.add(
        new Object[] {
          3L,
          null,
          0,
          0L,
          new BigDecimal("0.01"),
          new BigDecimal("0.0001"),
          new BigDecimal("0.0000000001"),
          new BigDecimal("1"),
          Float.MIN_VALUE,
          Double.NEGATIVE_INFINITY,
          "x",
          "null",
          new byte[] {7},
          0,
          0L,
          0L,
          0L
        });
    rows.add(
        new Object[] {
          4L,
          null,
          -1,
          -1L,
          new BigDecimal("-0.01"),
          BigDecimal.ZERO.setScale(4),
          new BigDecimal("-1.0000000000"),
          new BigDecimal("9223372036854775808"),
          Float.MAX_VALUE,
          Double.MIN_VALUE,
          "line\nbreak",
          "[]",
          new byte[] {(byte) 0x80},
          -1,
          -1L,
          -1L,
          1L
        });
    return rows;
  }

  static int days(int year, int month, int day) {
    return (int) LocalDate.of(year, month, day).toEpochDay();
  }

  static long micros(LocalDateTime time) {
    return time.toEpochSecond(ZoneOffset.UTC) * 1_000_000L + time.getNano() / 1000;
  }

  static SourceOffset offset(long position) {
    return new SourceOffset(
        "{\"file\":\"mariadb-bin.000003\",\"pos\":" + position + ",\"row\":1}",
        "mariadb-bin.000003",
        position);
  }

  static OrderKey key(long sequence) {
    return OrderKey.streamed(3, 1000 + sequence, 0, 0);
  }

  /** A streamed record with order key {@link #key}(sequence), committed sequence seconds in. */
  static ChangeRecord record(TableSchema schema, Op op, long sequence, Object... values) {
    return new ChangeRecord(
        schema,
        op,
        ChangeRecord.Phase.STREAM,
        key(sequence),
        BASE_COMMIT_MICROS + sequence * 1_000_000L,
        values,
        offset(1000 + sequence));
  }

  /** A small table: required id, optional name. */
  static TableSchema small(String... extraColumnNames) {
    List<Column> columns = new ArrayList<>();
    columns.add(new Column("id", ColumnType.of(INT64), false, "bigint"));
    columns.add(new Column("name", ColumnType.of(STRING), true, "varchar(20)"));
    for (String name : extraColumnNames) {
      columns.add(new Column(name, ColumnType.of(INT32), true, "int"));
    }
    return new TableSchema(new TableId("shop", "small"), columns, List.of("id"));
  }
}
