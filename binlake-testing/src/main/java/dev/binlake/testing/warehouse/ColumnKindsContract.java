package dev.binlake.testing.warehouse;

import static dev.binlake.testing.warehouse.ChangeFileFixture.column;
import static org.assertj.core.api.Assertions.assertThat;

import dev.binlake.api.ChangeFile;
import dev.binlake.api.Column;
import dev.binlake.api.ColumnType;
import dev.binlake.api.ColumnType.Kind;
import dev.binlake.api.LoadResult;
import dev.binlake.api.Op;
import dev.binlake.api.OrderKey;
import dev.binlake.api.QueryResult;
import dev.binlake.api.TableId;
import dev.binlake.api.TableSchema;
import dev.binlake.api.Warehouse;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The column-kind part of {@link WarehouseContract}: every {@link ColumnType.Kind} with its edge
 * values (extremes, NaN, -0.0, subnormals, empty and 4-byte text, every byte value, dates before
 * 1970, negative TIME) loads and reads back equal, through the history table and the latest view.
 */
public abstract class ColumnKindsContract {
  /** Orders history by the total-order key. */
  protected static final String ORDER = " ORDER BY \"binlake_order\"";

  private static final TableId KINDS = new TableId("contract_types", "all_kinds");

  protected abstract Warehouse warehouse();

  protected abstract ChangeFileFixture files();

  protected abstract LoadResult load(ChangeFile file);

  /** A name in the warehouse's SQL; double quotes in DuckDB, PostgreSQL and BigQuery alike. */
  protected String quote(String name) {
    return '"' + name.replace("\"", "\"\"") + '"';
  }

  protected String history(TableId table) {
    return quote(table.schema()) + "." + quote(table.table() + "_history");
  }

  protected String view(TableId table) {
    return quote(table.schema()) + "." + quote(table.table());
  }

  /** A value the warehouse returned, made comparable; override for a driver's own classes. */
  protected Object normalize(Object value) {
    return ContractValues.normalize(value);
  }

  protected List<List<Object>> normalized(List<List<Object>> rows) {
    List<List<Object>> result = new ArrayList<>();
    for (List<Object> row : rows) {
      result.add(row.stream().map(this::normalize).collect(Collectors.toList()));
    }
    return result;
  }

  protected List<List<Object>> rows(String sql) {
    return normalized(warehouse().query(sql).rows());
  }

  private static long micros(String instant) {
    return micros(Instant.parse(instant));
  }

  private static long localMicros(String dateTime) {
    return micros(LocalDateTime.parse(dateTime).toInstant(ZoneOffset.UTC));
  }

  private static long micros(Instant instant) {
    return Math.addExact(
        Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1000);
  }

  private static int day(String date) {
    return (int) LocalDate.parse(date).toEpochDay();
  }

  private static byte[] everyByte() {
    byte[] bytes = new byte[256];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) i;
    }
    return bytes;
  }

  /** Column, then its edge values; rows take the i-th value of each column (null past the end). */
  private record Sample(Column column, List<Object> values) {
    static Sample of(String name, ColumnType type, Object... values) {
      return new Sample(ChangeFileFixture.column(name, type), Arrays.asList(values));
    }
  }

  private static List<Sample> samples() {
    String longText = "ü😀∑".repeat(20_000);
    return List.of(
        Sample.of("flag", ColumnType.of(Kind.BOOLEAN), true, false),
        Sample.of("i32", ColumnType.of(Kind.INT32), Integer.MIN_VALUE, Integer.MAX_VALUE, 0, -1),
        Sample.of("i64", ColumnType.of(Kind.INT64), Long.MIN_VALUE, Long.MAX_VALUE, 0L, -1L),
        Sample.of(
            "d38_0",
            ColumnType.decimal(38, 0),
            new BigDecimal("99999999999999999999999999999999999999"),
            new BigDecimal("-99999999999999999999999999999999999999"),
            BigDecimal.ZERO),
        Sample.of(
            "d20_0",
            ColumnType.decimal(20, 0),
            new BigDecimal("18446744073709551615"),
            new BigDecimal("-1")),
        Sample.of(
            "d38_10",
            ColumnType.decimal(38, 10),
            new BigDecimal("-1234567890123456789012345678.0123456789"),
            new BigDecimal("0.0000000001"),
            new BigDecimal("10000.0000000000")),
        Sample.of(
            "d38_38",
            ColumnType.decimal(38, 38),
            new BigDecimal("0.99999999999999999999999999999999999999"),
            new BigDecimal("-0.00000000000000000000000000000000000001")),
        Sample.of(
            "d9_4",
            ColumnType.decimal(9, 4),
            new BigDecimal("99999.9999"),
            new BigDecimal("-0.0001"),
            new BigDecimal("12345.6000")),
        Sample.of(
            "d18_6",
            ColumnType.decimal(18, 6),
            new BigDecimal("999999999999.999999"),
            new BigDecimal("-100000000000.000000")),
        Sample.of(
            "f32",
            ColumnType.of(Kind.FLOAT32),
            Float.NaN,
            -0.0f,
            Float.MIN_VALUE,
            Float.MAX_VALUE,
            Float.NEGATIVE_INFINITY,
            Float.POSITIVE_INFINITY,
            0.1f),
        Sample.of(
            "f64",
            ColumnType.of(Kind.FLOAT64),
            Double.NaN,
            -0.0,
            Double.MIN_VALUE,
            Double.MAX_VALUE,
            Double.NEGATIVE_INFINITY,
            Double.POSITIVE_INFINITY,
            0.1),
        Sample.of(
            "txt",
            ColumnType.of(Kind.STRING),
            "",
            "ü😀 ∑ \u200b",
            "tab\tnew\nline 'single' \"double\" back\\slash \\x00 %_",
            longText,
            " "),
        Sample.of(
            "doc",
            ColumnType.of(Kind.JSON),
            "{\"b\": 1, \"a\": [1, 2.5, \"x\", null, true], \"u\": \"ü😀\", \"e\": {}}",
            "[]",
            "\"text with \\\"quotes\\\"\"",
            "12345678901234567890",
            "null"),
        Sample.of(
            "bin",
            ColumnType.of(Kind.BYTES),
            new byte[0],
            new byte[] {0},
            everyByte(),
            "ü".getBytes(StandardCharsets.UTF_8)),
        Sample.of(
            "day",
            ColumnType.of(Kind.DATE),
            day("1000-01-01"),
            day("9999-12-31"),
            day("1970-01-01"),
            day("1969-12-31"),
            day("2024-02-29")),
        Sample.of(
            "span",
            ColumnType.of(Kind.TIME_MICROS),
            -3_020_399_000_000L,
            3_020_399_000_000L,
            0L,
            -1L,
            86_400_000_001L),
        Sample.of(
            "local",
            ColumnType.of(Kind.TIMESTAMP_MICROS),
            localMicros("1000-01-01T00:00:00"),
            localMicros("9999-12-31T23:59:59.999999"),
            localMicros("1969-12-31T23:59:59.999999"),
            localMicros("2024-03-31T02:30:00"),
            localMicros("1970-01-01T00:00:00")),
        Sample.of(
            "instant",
            ColumnType.of(Kind.TIMESTAMP_UTC_MICROS),
            micros("1970-01-01T00:00:01Z"),
            micros("2038-01-19T03:14:07.999999Z"),
            micros("2024-10-27T01:30:00.123456Z"),
            micros("1970-01-01T00:00:00Z")));
  }

  @Test
  void everyColumnKindRoundTripsWithEdgeValues() {
    List<Sample> samples = samples();
    List<Column> columns = new ArrayList<>();
    columns.add(column("id", ColumnType.of(Kind.INT32)));
    samples.forEach(s -> columns.add(s.column()));
    TableSchema schema = new TableSchema(KINDS, columns, List.of("id"));
    int rowCount = samples.stream().mapToInt(s -> s.values().size()).max().orElseThrow() + 1;
    List<List<Object>> written = new ArrayList<>();
    List<ChangeFileFixture.Change> changes = new ArrayList<>();
    for (int row = 0; row < rowCount; row++) { // the last row is all nulls
      List<Object> values = new ArrayList<>();
      values.add(row + 1);
      for (Sample sample : samples) {
        values.add(row < sample.values().size() ? sample.values().get(row) : null);
      }
      written.add(values);
      changes.add(
          new ChangeFileFixture.Change(
              Op.INSERT,
              OrderKey.streamed(1, 100 + row, 0, 0),
              ChangeFileFixture.COMMIT_MICROS,
              values));
    }
    load(
        files()
            .write("contract/kinds-1", schema, changes.toArray(ChangeFileFixture.Change[]::new)));

    List<List<Object>> expected = new ArrayList<>();
    for (List<Object> values : written) {
      List<Object> row = new ArrayList<>();
      for (int i = 0; i < columns.size(); i++) {
        row.add(ContractValues.expected(columns.get(i).type(), values.get(i)));
      }
      expected.add(row);
    }
    String names = columns.stream().map(c -> quote(c.name())).collect(Collectors.joining(", "));
    QueryResult latest = warehouse().query("SELECT * FROM " + view(KINDS) + " ORDER BY \"id\"");
    assertThat(latest.columns())
        .containsExactlyElementsOf(columns.stream().map(Column::name).toList());
    assertThat(comparable(latest.rows(), columns)).containsExactlyElementsOf(expected);
    QueryResult history = warehouse().query("SELECT " + names + " FROM " + history(KINDS) + ORDER);
    assertThat(comparable(history.rows(), columns)).containsExactlyElementsOf(expected);
  }

  /** Normalized rows, JSON columns as trees. */
  private List<List<Object>> comparable(List<List<Object>> rows, List<Column> columns) {
    List<List<Object>> result = new ArrayList<>();
    for (List<Object> row : rows) {
      List<Object> values = new ArrayList<>();
      for (int i = 0; i < row.size(); i++) {
        Object value = row.get(i);
        values.add(
            columns.get(i).type().kind() == Kind.JSON
                ? ContractValues.json(value == null ? null : normalize(value))
                : normalize(value));
      }
      result.add(values);
    }
    return result;
  }
}
