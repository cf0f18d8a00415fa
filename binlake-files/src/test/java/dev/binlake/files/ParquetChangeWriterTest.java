package dev.binlake.files;

import static dev.binlake.files.TestTables.BASE_COMMIT_MICROS;
import static dev.binlake.files.TestTables.allKinds;
import static dev.binlake.files.TestTables.allKindsRows;
import static dev.binlake.files.TestTables.key;
import static dev.binlake.files.TestTables.offset;
import static dev.binlake.files.TestTables.record;
import static dev.binlake.files.TestTables.small;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.binlake.api.BinlakeException;
import dev.binlake.api.ChangeFile;
import dev.binlake.api.ChangeRecord;
import dev.binlake.api.Column;
import dev.binlake.api.ColumnType;
import dev.binlake.api.ErrorCode;
import dev.binlake.api.Op;
import dev.binlake.api.OrderKey;
import dev.binlake.api.TableId;
import dev.binlake.api.TableSchema;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ParquetChangeWriterTest {
  @TempDir Path dir;

  record Row(Op op, long commitMicros, OrderKey key, Object[] values) {}

  static List<Row> readAll(Path file) {
    List<Row> rows = new ArrayList<>();
    ParquetChangeReader.readRows(
        file, (op, ts, key, values) -> rows.add(new Row(op, ts, key, values)));
    return rows;
  }

  @ParameterizedTest
  @EnumSource(Codec.class)
  void roundTripsEveryColumnKindWithNullsAndEdgeValues(Codec codec) {
    TableSchema schema = allKinds();
    List<Object[]> rows = allKindsRows();
    Path file = dir.resolve("all.parquet");
    Op[] ops = {Op.INSERT, Op.UPDATE, Op.DELETE};
    try (ParquetChangeWriter writer =
        ParquetChangeWriter.open(file, schema, ChangeFile.Kind.CDC, codec)) {
      for (int i = 0; i < rows.size(); i++) {
        writer.write(record(schema, ops[i % 3], i, rows.get(i)));
      }
      writer.finish("k");
    }

    List<Row> read = readAll(file);

    assertThat(read).hasSize(rows.size());
    for (int i = 0; i < rows.size(); i++) {
      Row row = read.get(i);
      assertThat(row.op()).isEqualTo(ops[i % 3]);
      assertThat(row.commitMicros()).isEqualTo(BASE_COMMIT_MICROS + i * 1_000_000L);
      assertThat(row.key()).isEqualTo(key(i));
      // Objects.deepEquals: byte[] by content, BigDecimal with its scale, doubles by their bits
      assertThat(row.values()).as("row %d", i).containsExactly(rows.get(i));
    }
  }

  @Test
  void keepsDoubleAndFloatBitsOfNegativeZeroAndNaN() {
    TableSchema schema = allKinds();
    Path file = dir.resolve("bits.parquet");
    Object[] edge = allKindsRows().get(2);
    Object[] nan = allKindsRows().get(3);
    try (ParquetChangeWriter writer = ParquetChangeWriter.open(file, schema, ChangeFile.Kind.CDC)) {
      writer.write(record(schema, Op.INSERT, 1, edge));
      writer.write(record(schema, Op.INSERT, 2, nan));
      writer.finish("k");
    }

    List<Row> read = readAll(file);

    int f = schema.indexOf("c_float");
    int d = schema.indexOf("c_double");
    assertThat(Float.floatToRawIntBits((Float) read.get(0).values()[f])).isEqualTo(0x8000_0000);
    assertThat(Double.doubleToRawLongBits((Double) read.get(0).values()[d]))
        .isEqualTo(0x8000_0000_0000_0000L);
    assertThat(Float.floatToRawIntBits((Float) read.get(1).values()[f])).isEqualTo(0x7fc0_0000);
    assertThat(Double.doubleToRawLongBits((Double) read.get(1).values()[d]))
        .isEqualTo(0x7ff8_0000_0000_0000L);
  }

  @Test
  void edgeValuesAreWhatTheTestClaims() {
    assertThat(TestTables.DECIMAL_38_MAX.precision()).isEqualTo(38);
    assertThat(TestTables.UNSIGNED_BIGINT_MAX)
        .isEqualTo(new BigDecimal(new java.math.BigInteger("FFFFFFFFFFFFFFFF", 16)));
    assertThat(TestTables.FOUR_BYTE_UTF8.codePoints().filter(c -> c > 0xFFFF).count()).isEqualTo(2);
    assertThat(ColumnMapping.decimalBytes(38)).isEqualTo(16);
    assertThat(ColumnMapping.decimalBytes(20)).isEqualTo(9);
    assertThat(ColumnMapping.decimalBytes(19)).isEqualTo(9);
  }

  @Test
  void setsTheScaleOfDecimalsExactly() {
    TableSchema schema = allKinds();
    Object[] values = new Object[17];
    values[0] = 1L;
    values[schema.indexOf("c_dec9")] = new BigDecimal("12.5");
    values[schema.indexOf("c_dec38")] = new BigDecimal("7.10000000000000");
    values[schema.indexOf("c_u64")] = new BigDecimal("1.8446744073709551615E19");
    Path file = dir.resolve("scale.parquet");
    try (ParquetChangeWriter writer = ParquetChangeWriter.open(file, schema, ChangeFile.Kind.CDC)) {
      writer.write(record(schema, Op.INSERT, 1, values));
      writer.finish("k");
    }

    Object[] read = readAll(file).get(0).values();

    assertThat(read[schema.indexOf("c_dec9")]).isEqualTo(new BigDecimal("12.50"));
    assertThat(read[schema.indexOf("c_dec38")]).isEqualTo(new BigDecimal("7.1000000000"));
    assertThat(read[schema.indexOf("c_u64")]).isEqualTo(TestTables.UNSIGNED_BIGINT_MAX);
  }

  @Test
  void rejectsValuesThatDoNotFitAndStaysUsable() {
    TableSchema schema = allKinds();
    Path file = dir.resolve("bad.parquet");
    try (ParquetChangeWriter writer = ParquetChangeWriter.open(file, schema, ChangeFile.Kind.CDC)) {
      assertThatThrownBy(
              () ->
                  writer.write(
                      record(
                          schema, Op.INSERT, 1, with(schema, "c_dec9", new BigDecimal("1.234")))))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(
              "value 1.234 of column c_dec9 has more than 2 decimal places for" + " DECIMAL(9,2)");
      assertThatThrownBy(
              () ->
                  writer.write(
                      record(
                          schema,
                          Op.INSERT,
                          1,
                          with(schema, "c_dec9", new BigDecimal("10000000")))))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("value 10000000 of column c_dec9 does not fit DECIMAL(9,2)");
      assertThatThrownBy(
              () ->
                  writer.write(
                      record(
                          schema,
                          Op.INSERT,
                          1,
                          with(schema, "c_u64", new BigDecimal("184467440737095516150")))))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("value 184467440737095516150 of column c_u64 does not fit DECIMAL(20,0)");
      assertThatThrownBy(
              () -> writer.write(record(schema, Op.INSERT, 1, with(schema, "c_int", 5L))))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("column c_int of type INT32 needs a Integer value, got java.lang.Long");
      assertThatThrownBy(() -> writer.write(record(schema, Op.INSERT, 1, with(schema, "id", null))))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("column id of shop.all_kinds is not optional but null");

      writer.write(record(schema, Op.INSERT, 1, with(schema, "c_int", 5)));
      writer.finish("k");
    }
    assertThat(readAll(file))
        .singleElement()
        .satisfies(row -> assertThat(row.values()[schema.indexOf("c_int")]).isEqualTo(5));
  }

  @Test
  void rejectsRecordsOfAnotherSchema() {
    TableSchema schema = small();
    TableSchema other = small("added");
    try (ParquetChangeWriter writer =
        ParquetChangeWriter.open(dir.resolve("s.parquet"), schema, ChangeFile.Kind.CDC)) {
      assertThatThrownBy(() -> writer.write(record(other, Op.INSERT, 1, 1L, "a", 3)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(
              "record of shop.small has a different schema than the file of shop.small"
                  + " it is written to (open a new file when the table's schema changes)");
    }
  }

  @Test
  void rejectsOrderKeysThatDoNotIncrease() {
    TableSchema schema = small();
    try (ParquetChangeWriter writer =
        ParquetChangeWriter.open(dir.resolve("o.parquet"), schema, ChangeFile.Kind.CDC)) {
      writer.write(record(schema, Op.INSERT, 5, 1L, "a"));
      assertThatThrownBy(() -> writer.write(record(schema, Op.INSERT, 5, 2L, "b")))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(
              "order key "
                  + key(5)
                  + " of shop.small is not after the previous one "
                  + key(5)
                  + " (records must be written in order)");
      assertThat(writer.rowCount()).isEqualTo(1);
    }
  }

  @Test
  void rejectsColumnNamesThatClashWithChangeColumns() {
    for (String name : List.of("Op", "op", "binlake_commit_ts", "BINLAKE_ORDER")) {
      TableSchema schema =
          new TableSchema(
              new TableId("shop", "clash"),
              List.of(new Column(name, ColumnType.of(ColumnType.Kind.STRING), true, "text")),
              List.of());
      assertThatThrownBy(
              () -> ParquetChangeWriter.open(dir.resolve("c.parquet"), schema, ChangeFile.Kind.CDC))
          .isInstanceOf(BinlakeException.class)
          .hasMessage(
              "Cannot write change files of shop.clash: its column "
                  + name
                  + " clashes with the change-file column of the same name (Op, binlake_commit_ts"
                  + " and binlake_order are reserved, in any case) (exclude the table with"
                  + " source.exclude, or rename the column)")
          .extracting(e -> ((BinlakeException) e).code())
          .isEqualTo(ErrorCode.SOURCE_UNSUPPORTED);
    }
    TableSchema twice =
        new TableSchema(
            new TableId("shop", "twice"),
            List.of(
                new Column("Name", ColumnType.of(ColumnType.Kind.STRING), true, "text"),
                new Column("name", ColumnType.of(ColumnType.Kind.STRING), true, "text")),
            List.of());
    assertThatThrownBy(
            () -> ParquetChangeWriter.open(dir.resolve("c.parquet"), twice, ChangeFile.Kind.CDC))
        .isInstanceOf(BinlakeException.class)
        .hasMessage(
            "Cannot write change files of shop.twice: its column name appears twice (names are"
                + " compared without case) (exclude the table with source.exclude, or rename the"
                + " column)");
    assertThat(dir.resolve("c.parquet")).doesNotExist();
  }

  @Test
  void finishReturnsWhatTheFileHolds() {
    TableSchema schema = small();
    Path file = dir.resolve("f.parquet");
    ChangeFile changeFile;
    try (ParquetChangeWriter writer =
        ParquetChangeWriter.open(file, schema, ChangeFile.Kind.LOAD)) {
      for (int i = 1; i <= 3; i++) {
        writer.write(record(schema, Op.INSERT, i, (long) i, "n" + i));
      }
      assertThat(writer.rowCount()).isEqualTo(3);
      changeFile = writer.finish("lake/shop/small/LOAD00000001.parquet");
    }

    assertThat(changeFile)
        .isEqualTo(
            new ChangeFile(
                "lake/shop/small/LOAD00000001.parquet",
                schema,
                ChangeFile.Kind.LOAD,
                3,
                key(1),
                key(3),
                offset(1003)));
    assertThat(file).exists();
  }

  @Test
  void finishOfAnEmptyWriterThrowsAndAbortDeletesTheFile() {
    Path file = dir.resolve("empty.parquet");
    ParquetChangeWriter writer = ParquetChangeWriter.open(file, small(), ChangeFile.Kind.CDC);

    assertThatThrownBy(() -> writer.finish("k"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "Cannot finish change file "
                + file
                + " of shop.small: it holds no records"
                + " (abort() an empty writer instead)");
    writer.abort();
    assertThat(file).doesNotExist();
  }

  @Test
  void abortDeletesAPartialFileAndCloseAbortsAnUnfinishedOne() {
    TableSchema schema = small();
    Path aborted = dir.resolve("aborted.parquet");
    ParquetChangeWriter writer = ParquetChangeWriter.open(aborted, schema, ChangeFile.Kind.CDC);
    writer.write(record(schema, Op.INSERT, 1, 1L, "a"));
    writer.abort();
    writer.abort();
    assertThat(aborted).doesNotExist();
    assertThatThrownBy(() -> writer.write(record(schema, Op.INSERT, 2, 2L, "b")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("change file " + aborted + " of shop.small is aborted (open a new writer)");

    Path closed = dir.resolve("closed.parquet");
    try (ParquetChangeWriter unfinished =
        ParquetChangeWriter.open(closed, schema, ChangeFile.Kind.CDC)) {
      unfinished.write(record(schema, Op.INSERT, 1, 1L, "a"));
    }
    assertThat(closed).doesNotExist();
  }

  @Test
  void replacesALeftoverFileOfTheSameName() throws Exception {
    Path file = dir.resolve("again.parquet");
    Files.writeString(file, "left over from a crash");
    TableSchema schema = small();
    try (ParquetChangeWriter writer = ParquetChangeWriter.open(file, schema, ChangeFile.Kind.CDC)) {
      writer.write(record(schema, Op.INSERT, 1, 1L, "a"));
      writer.finish("k");
    }
    assertThat(readAll(file)).hasSize(1);
  }

  @Test
  void estimatedSizeGrowsAndSmallRowGroupsRoundTrip() throws Exception {
    TableSchema schema = small();
    Path file = dir.resolve("groups.parquet");
    List<Long> sizes = new ArrayList<>();
    try (ParquetChangeWriter writer =
        ParquetChangeWriter.open(
            file,
            schema,
            ChangeFile.Kind.CDC,
            ParquetChangeWriter.Settings.DEFAULT.withRowGroupSize(64 * 1024))) {
      for (int i = 1; i <= 50_000; i++) {
        writer.write(record(schema, Op.UPDATE, i, (long) i, "name number " + i));
        if (i % 10_000 == 0) {
          sizes.add(writer.estimatedSize());
        }
      }
      writer.finish("k");
    }

    assertThat(sizes).isSorted().doesNotHaveDuplicates();
    assertThat(sizes.get(0)).isGreaterThan(10_000);
    assertThat(sizes.get(sizes.size() - 1)).isBetween(Files.size(file) / 2, Files.size(file) * 2);
    List<Row> rows = readAll(file);
    assertThat(rows).hasSize(50_000);
    assertThat(rows.get(49_999).values()).containsExactly(50_000L, "name number 50000");
    assertThat(rows).extracting(Row::key).isSorted();
  }

  @Test
  void rejectsRowGroupSizesOutsideSixtyFourKilobytesToTwoGigabytes() {
    assertThatThrownBy(() -> ParquetChangeWriter.Settings.DEFAULT.withRowGroupSize(1000))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("rowGroupSize must be between 64 KB and 2 GB: 1000");
    assertThat(ParquetChangeWriter.Settings.DEFAULT)
        .isEqualTo(new ParquetChangeWriter.Settings(Codec.SNAPPY, 32L * 1024 * 1024));
  }

  private static Object[] with(TableSchema schema, String column, Object value) {
    Object[] values = new Object[schema.columns().size()];
    values[0] = 1L;
    values[schema.indexOf(column)] = value;
    return values;
  }

  static ChangeRecord smallRecord(TableSchema schema, long sequence) {
    return record(schema, Op.INSERT, sequence, sequence, "row " + sequence);
  }
}
