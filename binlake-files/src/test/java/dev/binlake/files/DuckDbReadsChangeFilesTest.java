package dev.binlake.files;

import static dev.binlake.files.TestTables.allKinds;
import static dev.binlake.files.TestTables.allKindsRows;
import static dev.binlake.files.TestTables.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import dev.binlake.api.ChangeFile;
import dev.binlake.api.Op;
import dev.binlake.api.TableSchema;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** DuckDB, the default warehouse, reads change files with the intended types and values. */
class DuckDbReadsChangeFilesTest {
  @TempDir Path dir;
  private Path file;

  @BeforeEach
  void writeAllKinds() {
    file = write(Codec.SNAPPY);
  }

  private Path write(Codec codec) {
    TableSchema schema = allKinds();
    List<Object[]> rows = allKindsRows();
    Path path = dir.resolve(codec + ".parquet");
    Op[] ops = {Op.INSERT, Op.UPDATE, Op.DELETE};
    try (ParquetChangeWriter writer =
        ParquetChangeWriter.open(path, schema, ChangeFile.Kind.CDC, codec)) {
      for (int i = 0; i < rows.size(); i++) {
        writer.write(record(schema, ops[i % 3], i, rows.get(i)));
      }
      writer.finish("k");
    }
    return path;
  }

  @Test
  void describesEveryColumnWithTheIntendedType() throws Exception {
    Map<String, String> types = new LinkedHashMap<>();
    for (List<Object> row : query("DESCRIBE SELECT * FROM read_parquet('" + file + "')")) {
      types.put((String) row.get(0), (String) row.get(1));
    }

    assertThat(types)
        .containsExactly(
            entry("Op", "VARCHAR"),
            entry("binlake_commit_ts", "TIMESTAMP WITH TIME ZONE"),
            entry("binlake_order", "VARCHAR"),
            entry("id", "BIGINT"),
            entry("c_bool", "BOOLEAN"),
            entry("c_int", "INTEGER"),
            entry("c_bigint", "BIGINT"),
            entry("c_dec9", "DECIMAL(9,2)"),
            entry("c_dec18", "DECIMAL(18,4)"),
            entry("c_dec38", "DECIMAL(38,10)"),
            entry("c_u64", "DECIMAL(20,0)"),
            entry("c_float", "FLOAT"),
            entry("c_double", "DOUBLE"),
            entry("c_text", "VARCHAR"),
            entry("c_json", "JSON"),
            entry("c_blob", "BLOB"),
            entry("c_date", "DATE"),
            entry("c_time", "BIGINT"),
            entry("c_datetime", "TIMESTAMP"),
            entry("c_timestamp", "TIMESTAMP WITH TIME ZONE"));
  }

  @ParameterizedTest
  @EnumSource(Codec.class)
  void readsTheValues(Codec codec) throws Exception {
    Path path = write(codec);
    List<List<Object>> rows =
        query(
            "SELECT Op, epoch_us(binlake_commit_ts), binlake_order,"
                + " id, c_u64::VARCHAR, c_dec38::VARCHAR, c_dec9::VARCHAR, c_text, length(c_text),"
                + " octet_length(c_blob), c_date::VARCHAR, c_time, c_datetime::VARCHAR,"
                + " epoch_us(c_timestamp), isnan(c_double), signbit(c_double), c_json->>'$.k'"
                + " FROM read_parquet('"
                + path
                + "') ORDER BY binlake_order");

    assertThat(rows).hasSize(6);
    assertThat(rows.get(0))
        .containsExactly(
            "I",
            TestTables.BASE_COMMIT_MICROS,
            TestTables.key(0).value(),
            1L,
            "42",
            "12345.0000000001",
            "1234.50",
            "plain text",
            10L,
            3L,
            "2024-05-06",
            3_723_000_001L,
            "2024-05-06 07:08:09.123456",
            TestTables.BASE_COMMIT_MICROS,
            false,
            false,
            null);
    assertThat(rows.get(1))
        .containsExactly(
            "U",
            TestTables.BASE_COMMIT_MICROS + 1_000_000L,
            TestTables.key(1).value(),
            2L,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null);
    assertThat(rows.get(2))
        .containsExactly(
            "D",
            TestTables.BASE_COMMIT_MICROS + 2_000_000L,
            TestTables.key(2).value(),
            Long.MIN_VALUE,
            "0",
            "-9999999999999999999999999999.9999999999",
            "-9999999.99",
            "",
            0L,
            0L,
            "0001-01-01",
            TestTables.TIME_838_59_59,
            "1900-01-01 00:00:00.000001",
            -1L,
            false,
            true,
            null);
    assertThat(rows.get(3))
        .containsExactly(
            "I",
            TestTables.BASE_COMMIT_MICROS + 3_000_000L,
            TestTables.key(3).value(),
            Long.MAX_VALUE,
            "18446744073709551615",
            "9999999999999999999999999999.9999999999",
            "9999999.99",
            TestTables.FOUR_BYTE_UTF8,
            (long) TestTables.FOUR_BYTE_UTF8.codePointCount(0, TestTables.FOUR_BYTE_UTF8.length()),
            1024L * 1024,
            "1969-07-20",
            TestTables.TIME_30_HOURS,
            "9999-12-31 23:59:59.999999",
            TestTables.micros(java.time.LocalDateTime.of(2038, 1, 19, 3, 14, 8)),
            true,
            false,
            "😀");
  }

  private static List<List<Object>> query(String sql) throws Exception {
    List<List<Object>> rows = new ArrayList<>();
    try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
        Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery(sql)) {
      ResultSetMetaData meta = result.getMetaData();
      while (result.next()) {
        List<Object> row = new ArrayList<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
          row.add(result.getObject(i));
        }
        rows.add(row);
      }
    }
    return rows;
  }
}
