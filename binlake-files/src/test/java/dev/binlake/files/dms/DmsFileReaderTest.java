package dev.binlake.files.dms;

import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.binlake.api.BinlakeException;
import dev.binlake.api.ChangeFile;
import dev.binlake.api.Column;
import dev.binlake.api.DmsFile;
import dev.binlake.api.ErrorCode;
import dev.binlake.api.Op;
import dev.binlake.api.TableId;
import dev.binlake.files.DmsStyleParquet;
import dev.binlake.files.ParquetChangeReader;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DmsFileReaderTest {
  private static final TableId REAL = new TableId("public", "dms_test_table");
  private static final TableId ITEMS = new TableId("shop", "items");
  private static final DmsOptions OPTIONS =
      DmsOptions.withKeys(Map.of(REAL, List.of("id"), ITEMS, List.of("id")));

  @TempDir Path dir;

  @Test
  void describesTheRealFullLoadFile() {
    Path file = DmsTestData.realFullLoadFile();

    DmsFile dms =
        DmsFileReader.describe(
            file, "dms/public/dms_test_table/LOAD00000001.parquet", "dms", OPTIONS);

    assertThat(ParquetChangeReader.isChangeFile(file, dms.key())).isFalse();
    assertThat(dms.kind()).isEqualTo(ChangeFile.Kind.LOAD);
    assertThat(dms.rowCount()).isEqualTo(10);
    assertThat(dms.hasOpColumn()).isFalse();
    assertThat(dms.timestampColumn()).contains("DMS_TIMESTAMP");
    assertThat(dms.fileOrder()).isEqualTo("0" + "0".repeat(22) + "1");
    assertThat(dms.schema().table()).isEqualTo(REAL);
    assertThat(dms.schema().primaryKey()).containsExactly("id");
    Map<String, String> types = new LinkedHashMap<>();
    dms.schema().columns().forEach(c -> types.put(c.name(), c.type().toString()));
    assertThat(types)
        .containsExactly(
            Map.entry("id", "INT64"),
            Map.entry("my_int", "INT32"),
            Map.entry("my_smallint", "INT32"),
            Map.entry("my_numeric", "DECIMAL(15,2)"),
            Map.entry("my_real", "FLOAT32"),
            Map.entry("my_double", "FLOAT64"),
            Map.entry("my_money", "DECIMAL(38,4)"),
            Map.entry("my_varchar", "STRING"),
            Map.entry("my_text", "STRING"),
            Map.entry("my_bytea", "BYTES"),
            Map.entry("my_timestamp", "TIMESTAMP_MICROS"),
            Map.entry("my_uuid", "STRING"),
            Map.entry("my_json", "STRING"),
            Map.entry("my_jsonb", "STRING"),
            Map.entry("my_bool", "BOOLEAN"));
    assertThat(dms.schema().columns().get(3).sourceType())
        .isEqualTo("FIXED_LEN_BYTE_ARRAY(7) DECIMAL(15,2)");
  }

  @Test
  void readsTheRealFullLoadFileRowsWithTheirOrder() {
    Path file = DmsTestData.realFullLoadFile();
    DmsFile dms =
        DmsFileReader.describe(
            file, "dms/public/dms_test_table/LOAD00000001.parquet", "dms", OPTIONS);
    List<Object[]> rows = new ArrayList<>();

    DmsFileReader.readRows(
        file,
        dms,
        (op, timestamp, order, values) -> {
          assertThat(op).isEqualTo(Op.INSERT);
          assertThat(order).isEqualTo(dms.orderOf(timestamp, rows.size()));
          rows.add(values);
        });

    assertThat(rows).extracting(r -> r[0]).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
    Object[] first = rows.get(0);
    assertThat(first[1]).isEqualTo(1298498081);
    assertThat(first[2]).isEqualTo(15887);
    assertThat(first[3]).isEqualTo(new BigDecimal("1427131847.59"));
    assertThat(first[4]).isEqualTo(0.4246375f);
    assertThat(first[6]).isEqualTo(new BigDecimal("47632969758.5400"));
    assertThat(first[8]).isEqualTo("mraj");
    assertThat((byte[]) first[9]).hasSize(8);
    assertThat(first[10])
        .isEqualTo(DmsSamples.micros(LocalDateTime.parse("2021-10-31T15:34:12.458")));
    assertThat(first[11]).isEqualTo("181e9c5d-9b55-4535-8c6e-6c8c1234b807");
    assertThat(first[14]).isEqualTo(false);
  }

  @Test
  void readsACdcFileWithOpFirstAndOldStyleTypes() {
    Path file =
        DmsStyleParquet.write(
            dir.resolve("cdc.parquet"), DmsSamples.cdcSchema(), DmsSamples.cdcRows());
    String key = "dms/shop/items/20240809-192717787.parquet";

    DmsFile dms = DmsFileReader.describe(file, key, "dms/", OPTIONS);
    List<String> seen = new ArrayList<>();
    List<Object[]> values = new ArrayList<>();
    DmsFileReader.readRows(
        file,
        dms,
        (op, timestamp, order, row) -> {
          seen.add(op.code() + " " + timestamp + " " + order);
          values.add(row);
        });

    assertThat(dms.kind()).isEqualTo(ChangeFile.Kind.CDC);
    assertThat(dms.hasOpColumn()).isTrue();
    assertThat(dms.schema().columns())
        .extracting(Column::name, c -> c.type().toString(), Column::optional)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("id", "INT32", false),
            org.assertj.core.groups.Tuple.tuple("tiny", "INT32", true),
            org.assertj.core.groups.Tuple.tuple("small", "INT32", true),
            org.assertj.core.groups.Tuple.tuple("counter", "DECIMAL(20,0)", true),
            org.assertj.core.groups.Tuple.tuple("price", "DECIMAL(15,2)", true),
            org.assertj.core.groups.Tuple.tuple("name", "STRING", true),
            org.assertj.core.groups.Tuple.tuple("data", "BYTES", true),
            org.assertj.core.groups.Tuple.tuple("created", "TIMESTAMP_MICROS", true),
            org.assertj.core.groups.Tuple.tuple("day", "DATE", true),
            org.assertj.core.groups.Tuple.tuple("legacy_ts", "TIMESTAMP_MICROS", true),
            org.assertj.core.groups.Tuple.tuple("flag", "BOOLEAN", true));
    String file1 = "-120240809192717787000000-";
    assertThat(seen)
        .containsExactly(
            "I 2024-08-09 19:27:17.787000 20240809192717787000000" + file1 + "000000000000",
            "U 2024-08-09 19:27:17.787000 20240809192717787000000" + file1 + "000000000001",
            "D 2024-08-09 19:27:18.001000 20240809192718001000000" + file1 + "000000000002");
    assertThat(Arrays.asList(values.get(0)))
        .containsExactly(
            1,
            -5,
            -300,
            new BigDecimal("18446744073709551615"),
            new BigDecimal("-12345.67"),
            "Grüße",
            new byte[] {1, 2},
            DmsSamples.micros(LocalDateTime.parse("2024-08-09T19:27:17.123")),
            (int) LocalDate.parse("2024-08-09").toEpochDay(),
            DmsSamples.micros(LocalDateTime.parse("2024-08-09T01:02:03.000004")),
            true);
    assertThat(Arrays.asList(values.get(2)))
        .containsExactly(1, null, null, null, null, null, null, null, null, null, null);
  }

  @Test
  void refusesAFileBinlakeWrote() {
    Path file = DmsStyleParquet.writeBinlakeFile(dir.resolve("b.parquet"));

    assertThatThrownBy(
            () ->
                DmsFileReader.describe(file, "dms/shop/items/LOAD00000001.parquet", "dms", OPTIONS))
        .isInstanceOf(BinlakeException.class)
        .hasMessage(
            "Cannot load dms/shop/items/LOAD00000001.parquet as AWS DMS output: binlake wrote it"
                + " (load it as a binlake change file) (move it out of the change-file prefix, or"
                + " fix the dms settings)");
  }

  @Test
  void refusesKeysOutsideTheLayoutAndMissingKeyColumns() {
    Path file =
        DmsStyleParquet.write(
            dir.resolve("cdc.parquet"), DmsSamples.cdcSchema(), DmsSamples.cdcRows());
    DmsOptions wrongKey = DmsOptions.withKeys(Map.of(ITEMS, List.of("item_id")));

    assertThatThrownBy(
            () -> DmsFileReader.describe(file, "dms/shop/items/x.parquet", "dms", OPTIONS))
        .isInstanceOf(BinlakeException.class)
        .hasMessageStartingWith(
            "Cannot load dms/shop/items/x.parquet as AWS DMS output: its key is not in AWS DMS's"
                + " layout");
    assertThatThrownBy(
            () ->
                DmsFileReader.describe(
                    file, "dms/shop/items/20240809-192717787.parquet", "dms", wrongKey))
        .isInstanceOf(BinlakeException.class)
        .hasMessageContaining(
            "the configured key column item_id of shop.items is not among its columns [id, tiny,")
        .hasMessageContaining("(fix dms.tables)")
        .extracting(e -> ((BinlakeException) e).code())
        .isEqualTo(ErrorCode.FILE_INVALID);
  }

  @Test
  void refusesDecimalsWiderThan38Digits() {
    MessageType schema =
        Types.buildMessage()
            .optional(FIXED_LEN_BYTE_ARRAY)
            .length(20)
            .as(LogicalTypeAnnotation.decimalType(2, 40))
            .named("wide")
            .named("dms");
    Path file = DmsStyleParquet.write(dir.resolve("w.parquet"), schema, List.of());

    assertThatThrownBy(
            () ->
                DmsFileReader.describe(file, "dms/shop/items/LOAD00000001.parquet", "dms", OPTIONS))
        .isInstanceOf(BinlakeException.class)
        .hasMessage(
            "Cannot load dms/shop/items/LOAD00000001.parquet as AWS DMS output: its column wide has"
                + " Parquet type FIXED_LEN_BYTE_ARRAY(20) DECIMAL(40,2), which binlake cannot hold"
                + " without loss (move it out of the change-file prefix, or fix the dms settings)");
  }

  @Test
  void refusesRowsWithAnUnknownOp() {
    List<Object[]> rows = new ArrayList<>(DmsSamples.cdcRows());
    rows.get(1)[0] = "X";
    Path file = DmsStyleParquet.write(dir.resolve("cdc.parquet"), DmsSamples.cdcSchema(), rows);
    DmsFile dms =
        DmsFileReader.describe(file, "dms/shop/items/20240809-192717787.parquet", "dms", OPTIONS);

    assertThatThrownBy(() -> DmsFileReader.readRows(file, dms, (op, ts, order, values) -> {}))
        .isInstanceOf(BinlakeException.class)
        .hasMessage(
            "Cannot read rows of dms/shop/items/20240809-192717787.parquet: row 1: Unknown Op code"
                + " 'X': expected I, U or D (the file is damaged or not what DMS writes: move it"
                + " out of the change-file prefix)");
  }
}
