package dev.binlake.files;

import static org.assertj.core.api.Assertions.assertThat;

import dev.binlake.api.DmsFile;
import dev.binlake.api.TableId;
import dev.binlake.files.dms.DmsFileReader;
import dev.binlake.files.dms.DmsOptions;
import dev.binlake.files.dms.DmsSamples;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DMS files rewritten into binlake's column layout read back in DuckDB with the same values. */
class DmsFileRewriterTest {
  private static final DmsOptions OPTIONS =
      DmsOptions.withKeys(Map.of(new TableId("shop", "items"), List.of("id")));

  @TempDir Path dir;

  @Test
  void rewritesACdcFileWithOrderAndCommitTimeColumns() throws Exception {
    Path source =
        DmsStyleParquet.write(
            dir.resolve("cdc.parquet"), DmsSamples.cdcSchema(), DmsSamples.cdcRows());
    DmsFile dms =
        DmsFileReader.describe(source, "shop/items/20240809-1927177871.parquet", "", OPTIONS);
    Path target = dir.resolve("rewritten.parquet");

    long rows = DmsFileRewriter.rewrite(source, dms, target);

    assertThat(rows).isEqualTo(3);
    assertThat(ParquetChangeReader.isChangeFile(target, "rewritten")).isFalse();
    Map<String, String> types = new LinkedHashMap<>();
    for (List<Object> row : query("DESCRIBE SELECT * FROM read_parquet('" + target + "')")) {
      types.put((String) row.get(0), (String) row.get(1));
    }
    assertThat(types)
        .containsExactly(
            Map.entry("Op", "VARCHAR"),
            Map.entry("binlake_commit_ts", "TIMESTAMP WITH TIME ZONE"),
            Map.entry("binlake_order", "VARCHAR"),
            Map.entry("id", "INTEGER"),
            Map.entry("tiny", "INTEGER"),
            Map.entry("small", "INTEGER"),
            Map.entry("counter", "DECIMAL(20,0)"),
            Map.entry("price", "DECIMAL(15,2)"),
            Map.entry("name", "VARCHAR"),
            Map.entry("data", "BLOB"),
            Map.entry("created", "TIMESTAMP"),
            Map.entry("day", "DATE"),
            Map.entry("legacy_ts", "TIMESTAMP"),
            Map.entry("flag", "BOOLEAN"));
    assertThat(
            query(
                "SELECT Op, CAST(binlake_commit_ts AS VARCHAR), binlake_order, id, counter, price,"
                    + " name, CAST(created AS VARCHAR), CAST(legacy_ts AS VARCHAR) FROM"
                    + " read_parquet('"
                    + target
                    + "')"))
        .containsExactly(
            Arrays.asList(
                "I",
                "2024-08-09 19:27:17.787+00",
                dms.orderOf("2024-08-09 19:27:17.787000", 0),
                1,
                new BigDecimal("18446744073709551615"),
                new BigDecimal("-12345.67"),
                "Grüße",
                "2024-08-09 19:27:17.123",
                "2024-08-09 01:02:03.000004"),
            Arrays.asList(
                "U",
                "2024-08-09 19:27:17.787+00",
                dms.orderOf("2024-08-09 19:27:17.787000", 1),
                1,
                new BigDecimal("18446744073709551615"),
                new BigDecimal("-12345.67"),
                "Grüße 2",
                "2024-08-09 19:27:17.123",
                "2024-08-09 01:02:03.000004"),
            Arrays.asList(
                "D",
                "2024-08-09 19:27:18.001+00",
                dms.orderOf("2024-08-09 19:27:18.001000", 2),
                1,
                null,
                null,
                null,
                null,
                null));
  }

  @Test
  void rewritesTheRealFullLoadFileAsInserts() throws Exception {
    Path real =
        Path.of(System.getProperty("binlake.root", "."))
            .resolve("../shared/testdata/dms/postgres_source_LOAD00000001.parquet");
    if (!Files.isRegularFile(real)) {
      String message = "the public DMS test file " + real + " is absent (../shared/testdata)";
      if ("true".equals(System.getenv("CI"))) {
        throw new AssertionError(message + ": CI must have it");
      }
      Assumptions.abort(message + ": skipping");
    }
    DmsFile dms =
        DmsFileReader.describe(
            real, "public/dms_test_table/LOAD00000001.parquet", "", DmsOptions.withKeys(Map.of()));
    Path target = dir.resolve("real.parquet");

    DmsFileRewriter.rewrite(real, dms, target);

    String same =
        "SELECT id, my_int, my_smallint, my_numeric, my_real, my_double, my_money, my_varchar,"
            + " my_text, hex(my_bytea), my_timestamp, my_uuid, my_json, my_jsonb, my_bool FROM"
            + " read_parquet('%s') ORDER BY id";
    assertThat(query(String.format(same, target)).toString())
        .isEqualTo(query(String.format(same, real)).toString());
    assertThat(
            query(
                "SELECT count(*), min(Op), max(Op), min(binlake_order), CAST(min(binlake_commit_ts)"
                    + " AS VARCHAR) FROM read_parquet('"
                    + target
                    + "')"))
        .containsExactly(
            List.of(
                10L,
                "I",
                "I",
                "20220726064618616807000-" + "0".repeat(23) + "1-000000000000",
                "2022-07-26 06:46:18.616807+00"));
  }

  private static List<List<Object>> query(String sql) throws Exception {
    try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
        Statement statement = connection.createStatement()) {
      statement.execute("SET TimeZone = 'UTC'");
      List<List<Object>> rows = new ArrayList<>();
      try (ResultSet result = statement.executeQuery(sql)) {
        int width = result.getMetaData().getColumnCount();
        while (result.next()) {
          List<Object> row = new ArrayList<>();
          for (int i = 1; i <= width; i++) {
            row.add(result.getObject(i));
          }
          rows.add(row);
        }
      }
      return rows;
    }
  }
}
