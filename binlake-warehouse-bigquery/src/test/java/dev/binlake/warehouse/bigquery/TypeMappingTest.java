package dev.binlake.warehouse.bigquery;

import static dev.binlake.testing.warehouse.ChangeFileFixture.change;
import static dev.binlake.testing.warehouse.ChangeFileFixture.column;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.binlake.api.BinlakeException;
import dev.binlake.api.ChangeFile;
import dev.binlake.api.ColumnType;
import dev.binlake.api.ColumnType.Kind;
import dev.binlake.api.ErrorCode;
import dev.binlake.api.Op;
import dev.binlake.api.TableId;
import dev.binlake.api.TableSchema;
import dev.binlake.testing.warehouse.ChangeFileFixture;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TypeMappingTest {
  private static final TableId KINDS = new TableId("types", "kinds");
  private static final TableSchema SCHEMA =
      new TableSchema(
          KINDS,
          List.of(
              column("id", Kind.INT32),
              column("flag", Kind.BOOLEAN),
              column("i64", Kind.INT64),
              column("unsigned_big", ColumnType.decimal(20, 0)),
              column("price", ColumnType.decimal(9, 4)),
              column("wide", ColumnType.decimal(38, 0)),
              column("fine", ColumnType.decimal(38, 20)),
              column("f32", Kind.FLOAT32),
              column("f64", Kind.FLOAT64),
              column("txt", Kind.STRING),
              column("doc", Kind.JSON),
              column("bin", Kind.BYTES),
              column("day", Kind.DATE),
              column("span", Kind.TIME_MICROS),
              column("local_time", Kind.TIMESTAMP_MICROS),
              column("utc_time", Kind.TIMESTAMP_UTC_MICROS)),
          List.of("id"));

  @TempDir Path dir;
  private FakeBigQueryExtension bigquery;
  private ChangeFileFixture files;
  private BigQueryWarehouse warehouse;

  @BeforeEach
  void start() throws Exception {
    bigquery = new FakeBigQueryExtension(Duration.ofSeconds(2));
    Files.createDirectories(dir.resolve("files"));
    files = new ChangeFileFixture(dir.resolve("files"));
    warehouse = bigquery.open(dir.resolve("state"));
  }

  @AfterEach
  void stop() throws Exception {
    bigquery.close();
  }

  @Test
  void loadJobSchemaFollowsTheTypeMappingAndValuesReadBack() {
    long utc = 1_714_557_600_123_456L; // 2024-05-01T10:00:00.123456Z
    ChangeFile file =
        files.write(
            "types/kinds/cdc-1",
            SCHEMA,
            change(
                Op.INSERT,
                100,
                1,
                true,
                Long.MIN_VALUE,
                new BigDecimal("18446744073709551615"),
                new BigDecimal("-12345.6789"),
                new BigDecimal("99999999999999999999999999999999999999"),
                new BigDecimal("123456789012345678.01234567890123456789"),
                0.1f,
                Double.MAX_VALUE,
                "ü😀 'quoted'",
                "{\"a\": [1, 2]}",
                new byte[] {0, (byte) 0xff, 7},
                (int) LocalDate.parse("1969-12-31").toEpochDay(),
                -90_000_000_000L,
                utc,
                utc));
    warehouse.load(file, files.localPath(file.key()));
    warehouse.flush();

    JsonNode fields = bigquery.fake.loadJobs().get(0).schema();
    Map<String, String> types = new LinkedHashMap<>();
    fields.forEach(f -> types.put(f.get("name").asText(), f.get("type").asText()));
    Map<String, String> expected = new LinkedHashMap<>();
    expected.put("Op", "STRING");
    expected.put("binlake_commit_ts", "TIMESTAMP");
    expected.put("binlake_order", "STRING");
    expected.put("id", "INTEGER");
    expected.put("flag", "BOOLEAN");
    expected.put("i64", "INTEGER");
    expected.put("unsigned_big", "NUMERIC");
    expected.put("price", "NUMERIC");
    expected.put("wide", "BIGNUMERIC");
    expected.put("fine", "BIGNUMERIC");
    expected.put("f32", "FLOAT");
    expected.put("f64", "FLOAT");
    expected.put("txt", "STRING");
    expected.put("doc", "JSON");
    expected.put("bin", "BYTES");
    expected.put("day", "DATE");
    expected.put("span", "INTEGER");
    expected.put("local_time", "DATETIME");
    expected.put("utc_time", "TIMESTAMP");
    assertThat(types).containsExactlyEntriesOf(expected);

    List<Object> row =
        warehouse
            .query(
                "SELECT id, flag, i64, unsigned_big, price, f32, f64, txt, doc, bin, day, span,"
                    + " local_time, utc_time, wide, fine FROM `types.kinds_history`")
            .rows()
            .get(0);
    assertThat(row.subList(0, 5))
        .containsExactly(
            1L,
            true,
            Long.MIN_VALUE,
            new BigDecimal("18446744073709551615"),
            new BigDecimal("-12345.6789"));
    assertThat(row.get(5)).isEqualTo((double) 0.1f); // FLOAT32 widens exactly to FLOAT64
    assertThat(row.subList(6, 9))
        .containsExactly(Double.MAX_VALUE, "ü😀 'quoted'", "{\"a\": [1, 2]}");
    assertThat((byte[]) row.get(9)).containsExactly(0, 0xff, 7);
    assertThat(row.subList(10, 14))
        .containsExactly(
            LocalDate.parse("1969-12-31"),
            -90_000_000_000L,
            LocalDateTime.parse("2024-05-01T10:00:00.123456"),
            Instant.parse("2024-05-01T10:00:00.123456Z"));
    // BIGNUMERIC: the fake keeps it as exact text (DuckDB's DECIMAL stops at 38 digits)
    assertThat(new BigDecimal(row.get(14).toString()))
        .isEqualTo(new BigDecimal("99999999999999999999999999999999999999"));
    assertThat(new BigDecimal(row.get(15).toString()))
        .isEqualByComparingTo(new BigDecimal("123456789012345678.01234567890123456789"));
  }

  @Test
  void aColumnWhoseBigQueryTypeWouldChangeIsRefusedAtLoad() {
    TableId table = new TableId("types", "changing");
    TableSchema before =
        new TableSchema(
            table, List.of(column("id", Kind.INT64), column("v", Kind.STRING)), List.of("id"));
    TableSchema after =
        new TableSchema(
            table, List.of(column("id", Kind.INT64), column("v", Kind.INT64)), List.of("id"));
    ChangeFile first = files.write("types/changing/cdc-1", before, change(Op.INSERT, 100, 1L, "x"));
    warehouse.load(first, files.localPath(first.key()));
    warehouse.flush();
    ChangeFile second = files.write("types/changing/cdc-2", after, change(Op.INSERT, 200, 2L, 5L));

    assertThatThrownBy(() -> warehouse.load(second, files.localPath(second.key())))
        .isInstanceOf(BinlakeException.class)
        .hasMessage(
            "Cannot load types/changing/cdc-2 into `binlake-test`.`types`.`changing_history`:"
                + " column v is STRING in BigQuery but INT64 (INT64) in the file (BigQuery cannot"
                + " change a column's type: add the data by hand or recreate the table, then load"
                + " the file again)")
        .extracting(e -> ((BinlakeException) e).code())
        .isEqualTo(ErrorCode.FILE_INVALID);
    assertThat(warehouse.isLoaded("types/changing/cdc-2")).isFalse();
  }

  @Test
  void aDamagedFileIsRefusedAtLoad() throws Exception {
    ChangeFile file = files.write("types/small/cdc-9", small(), change(Op.INSERT, 100, 1L, "x"));
    Path local = files.localPath(file.key());
    byte[] bytes = Files.readAllBytes(local);
    for (int i = 4; i < bytes.length / 2; i++) {
      bytes[i] = (byte) 0x5a; // pages overwritten, footer intact
    }
    Files.write(local, bytes);

    assertThatThrownBy(() -> warehouse.load(file, local))
        .isInstanceOf(BinlakeException.class)
        .hasMessageStartingWith("Cannot ")
        .hasMessageContaining(local.toString())
        .hasMessageContaining("move it out of the change-file prefix")
        .extracting(e -> ((BinlakeException) e).code())
        .isEqualTo(ErrorCode.FILE_INVALID);
    assertThat(bigquery.fake.loadJobs()).isEmpty();
  }

  private static TableSchema small() {
    return new TableSchema(
        new TableId("types", "small"),
        List.of(column("id", Kind.INT64), column("v", Kind.STRING)),
        List.of("id"));
  }
}
