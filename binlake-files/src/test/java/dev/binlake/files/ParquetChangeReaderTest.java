package dev.binlake.files;

import static dev.binlake.files.TestTables.allKinds;
import static dev.binlake.files.TestTables.allKindsRows;
import static dev.binlake.files.TestTables.key;
import static dev.binlake.files.TestTables.record;
import static dev.binlake.files.TestTables.small;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.binlake.api.BinlakeException;
import dev.binlake.api.ChangeFile;
import dev.binlake.api.ErrorCode;
import dev.binlake.api.Op;
import dev.binlake.api.SourceOffset;
import dev.binlake.api.TableSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.LocalInputFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParquetChangeReaderTest {
  private static final String KEY = "lake/shop/small/20240506-070809123-" + key(1) + ".parquet";
  private static final String DAMAGED_HINT =
      " (it was cut short, damaged after upload or not written by binlake: move it out of the"
          + " change-file prefix; if it held captured changes, snapshot the table again)";

  @TempDir Path dir;

  @Test
  void readsTheMetadataBackFromTheFooter() throws Exception {
    TableSchema schema = allKinds();
    Path file = dir.resolve("all.parquet");
    List<Object[]> rows = allKindsRows();
    ChangeFile written;
    try (ParquetChangeWriter writer = ParquetChangeWriter.open(file, schema, ChangeFile.Kind.CDC)) {
      for (int i = 0; i < rows.size(); i++) {
        writer.write(record(schema, Op.INSERT, 10 + i, rows.get(i)));
      }
      written = writer.finish(KEY);
    }

    ChangeFile read = ParquetChangeReader.readChangeFile(file, KEY);

    assertThat(read).isEqualTo(written);
    assertThat(read.schema()).isEqualTo(schema);
    assertThat(read.rowCount()).isEqualTo(rows.size());
    assertThat(read.first()).isEqualTo(key(10));
    assertThat(read.last()).isEqualTo(key(10 + rows.size() - 1));
    assertThat(read.lastOffset()).isEqualTo(TestTables.offset(1010 + rows.size() - 1));
  }

  @Test
  void writesTheDocumentedKeyValueMetadata() throws Exception {
    TableSchema schema = small();
    Path file = dir.resolve("kv.parquet");
    try (ParquetChangeWriter writer =
        ParquetChangeWriter.open(file, schema, ChangeFile.Kind.LOAD)) {
      writer.write(record(schema, Op.INSERT, 1, 1L, "a"));
      writer.write(record(schema, Op.INSERT, 2, 2L, null));
      writer.finish(KEY);
    }

    Map<String, String> metadata;
    try (ParquetFileReader reader =
        ParquetFileReader.open(
            new LocalInputFile(file),
            ParquetReadOptions.builder(new PlainParquetConfiguration()).build())) {
      metadata = reader.getFileMetaData().getKeyValueMetaData();
    }

    SourceOffset last = TestTables.offset(1002);
    assertThat(metadata)
        .containsEntry("binlake.format-version", "1")
        .containsEntry("binlake.table", "shop.small")
        .containsEntry("binlake.kind", "LOAD")
        .containsEntry("binlake.row-count", "2")
        .containsEntry("binlake.first-key", key(1).value())
        .containsEntry("binlake.last-key", key(2).value())
        .containsEntry(
            "binlake.schema",
            "{\"database\":\"shop\",\"table\":\"small\",\"columns\":["
                + "{\"name\":\"id\",\"type\":\"INT64\",\"optional\":false,"
                + "\"sourceType\":\"bigint\"},"
                + "{\"name\":\"name\",\"type\":\"STRING\",\"optional\":true,"
                + "\"sourceType\":\"varchar(20)\"}],\"primaryKey\":[\"id\"]}")
        .containsEntry(
            "binlake.last-offset",
            "{\"json\":"
                + "\"{\\\"file\\\":\\\"mariadb-bin.000003\\\",\\\"pos\\\":1002,\\\"row\\\":1}\","
                + "\"binlogFile\":\"mariadb-bin.000003\",\"binlogPosition\":1002}");
    assertThat(last.binlogPosition()).isEqualTo(1002);
  }

  @Test
  void rejectsAForeignParquetFile() throws Exception {
    Path file = dir.resolve("foreign.parquet");
    duckDb("COPY (SELECT 1 AS id, 'x' AS name) TO '" + file + "' (FORMAT parquet)");

    assertThatThrownBy(() -> ParquetChangeReader.readChangeFile(file, KEY))
        .isInstanceOf(BinlakeException.class)
        .hasMessage(
            "Cannot load "
                + KEY
                + ": it is a Parquet file without binlake metadata (no"
                + " binlake.format-version), so binlake did not write it (move it out of the"
                + " change-file prefix, or load it by other means)")
        .extracting(e -> ((BinlakeException) e).code())
        .isEqualTo(ErrorCode.FILE_INVALID);
    assertThatThrownBy(() -> ParquetChangeReader.readRows(file, (op, ts, k, values) -> {}))
        .isInstanceOf(BinlakeException.class)
        .hasMessageContaining("it is a Parquet file without binlake metadata");
  }

  @Test
  void rejectsAFileOfANewerFormatVersion() throws Exception {
    Path file = dir.resolve("newer.parquet");
    duckDb(
        "COPY (SELECT 1 AS id) TO '"
            + file
            + "' (FORMAT parquet,"
            + " KV_METADATA {'binlake.format-version': '2'})");

    assertThatThrownBy(() -> ParquetChangeReader.readChangeFile(file, KEY))
        .isInstanceOf(BinlakeException.class)
        .hasMessage(
            "Cannot load "
                + KEY
                + ": its binlake.format-version is 2 but this binlake"
                + " reads version 1 (upgrade binlake)");
  }

  @Test
  void rejectsAFileWithIncompleteBinlakeMetadata() throws Exception {
    Path file = dir.resolve("partial.parquet");
    duckDb(
        "COPY (SELECT 1 AS id) TO '"
            + file
            + "' (FORMAT parquet,"
            + " KV_METADATA {'binlake.format-version': '1'})");

    assertThatThrownBy(() -> ParquetChangeReader.readChangeFile(file, KEY))
        .isInstanceOf(BinlakeException.class)
        .hasMessage(
            "Cannot load "
                + KEY
                + ": its binlake metadata is malformed: binlake.schema"
                + " is missing (the file was changed after binlake wrote it: move it out of the"
                + " change-file prefix; if it held captured changes, snapshot the table again)");
  }

  @Test
  void rejectsATruncatedFile() throws Exception {
    Path file = writeSmall("whole.parquet");
    byte[] bytes = Files.readAllBytes(file);
    Path truncated = dir.resolve("truncated.parquet");
    Files.write(truncated, Arrays.copyOf(bytes, bytes.length - 20));

    assertThatThrownBy(() -> ParquetChangeReader.readChangeFile(truncated, KEY))
        .isInstanceOf(BinlakeException.class)
        .hasMessageStartingWith("Cannot load " + KEY + ": it is not a readable Parquet file (")
        .hasMessageEndingWith(DAMAGED_HINT)
        .extracting(e -> ((BinlakeException) e).code())
        .isEqualTo(ErrorCode.FILE_INVALID);
  }

  @Test
  void rejectsAFileCutInHalf() throws Exception {
    Path file = writeSmall("whole.parquet");
    byte[] bytes = Files.readAllBytes(file);
    Path half = dir.resolve("half.parquet");
    Files.write(half, Arrays.copyOf(bytes, bytes.length / 2));

    assertThatThrownBy(() -> ParquetChangeReader.readChangeFile(half, KEY))
        .isInstanceOf(BinlakeException.class)
        .hasMessageStartingWith("Cannot load " + KEY + ": it is not a readable Parquet file (")
        .hasMessageEndingWith(DAMAGED_HINT);
  }

  @Test
  void rejectsAFileThatIsNotParquet() throws Exception {
    Path text = dir.resolve("notes.parquet");
    Files.writeString(text, "id,name\n1,a\n".repeat(10));
    Path empty = Files.createFile(dir.resolve("empty.parquet"));

    assertThatThrownBy(() -> ParquetChangeReader.readChangeFile(text, KEY))
        .isInstanceOf(BinlakeException.class)
        .hasMessageStartingWith("Cannot load " + KEY + ": it is not a readable Parquet file (")
        .hasMessageEndingWith(DAMAGED_HINT);
    assertThatThrownBy(() -> ParquetChangeReader.readChangeFile(empty, KEY))
        .isInstanceOf(BinlakeException.class)
        .hasMessageStartingWith("Cannot load " + KEY + ": it is not a readable Parquet file (")
        .hasMessageEndingWith(DAMAGED_HINT);
  }

  @Test
  void readRowsRejectsADamagedPageThatTheFooterDoesNotShow() throws Exception {
    Path file = writeSmall("damaged.parquet");
    byte[] bytes = Files.readAllBytes(file);
    bytes[200] ^= 0x55; // inside the first column chunk's data
    Files.write(file, bytes);

    assertThat(ParquetChangeReader.readChangeFile(file, KEY).rowCount()).isEqualTo(100);
    assertThatThrownBy(() -> ParquetChangeReader.readRows(file, (op, ts, k, values) -> {}))
        .isInstanceOf(BinlakeException.class)
        .hasMessageStartingWith("Cannot read rows of " + file + ": ")
        .hasMessageEndingWith(
            " (the file is damaged: move it out of the change-file prefix; if"
                + " it held captured changes, snapshot the table again)")
        .extracting(e -> ((BinlakeException) e).code())
        .isEqualTo(ErrorCode.FILE_INVALID);
  }

  @Test
  void passesExceptionsOfTheConsumerThrough() {
    Path file = writeSmall("ok.parquet");
    IllegalStateException failure = new IllegalStateException("warehouse is down");

    assertThatThrownBy(
            () ->
                ParquetChangeReader.readRows(
                    file,
                    (op, ts, k, values) -> {
                      throw failure;
                    }))
        .isSameAs(failure);
  }

  @Test
  void reportsAMissingLocalCopy() {
    Path missing = dir.resolve("missing.parquet");

    assertThatThrownBy(() -> ParquetChangeReader.readChangeFile(missing, KEY))
        .isInstanceOf(BinlakeException.class)
        .hasMessage(
            "Cannot load "
                + KEY
                + ": its local copy "
                + missing
                + " does not exist"
                + " (fetch the object again)")
        .extracting(e -> ((BinlakeException) e).code())
        .isEqualTo(ErrorCode.OBJECT_NOT_FOUND);
  }

  private Path writeSmall(String name) {
    TableSchema schema = small();
    Path file = dir.resolve(name);
    try (ParquetChangeWriter writer = ParquetChangeWriter.open(file, schema, ChangeFile.Kind.CDC)) {
      for (int i = 1; i <= 100; i++) {
        writer.write(record(schema, Op.INSERT, i, (long) i, "name " + i));
      }
      writer.finish(KEY);
    }
    return file;
  }

  private static void duckDb(String sql) throws Exception {
    try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }
}
