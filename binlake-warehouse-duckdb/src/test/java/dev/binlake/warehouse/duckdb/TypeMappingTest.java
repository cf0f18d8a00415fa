package dev.binlake.warehouse.duckdb;

import static dev.binlake.warehouse.duckdb.ChangeFileFixture.change;
import static org.assertj.core.api.Assertions.assertThat;

import dev.binlake.api.ChangeFile;
import dev.binlake.api.Column;
import dev.binlake.api.ColumnType;
import dev.binlake.api.ColumnType.Kind;
import dev.binlake.api.TableId;
import dev.binlake.api.TableSchema;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TypeMappingTest {
  @TempDir Path dir;

  private static Column column(String name, ColumnType type) {
    return new Column(name, type, true, "x");
  }

  @Test
  void everyColumnKindGetsItsDuckDbType() throws Exception {
    TableId table = new TableId("types", "all_kinds");
    TableSchema schema =
        new TableSchema(
            table,
            List.of(
                column("id", ColumnType.of(Kind.INT32)),
                column("flag", ColumnType.of(Kind.BOOLEAN)),
                column("big", ColumnType.of(Kind.INT64)),
                column("amount", ColumnType.decimal(20, 0)),
                column("ratio", ColumnType.of(Kind.FLOAT32)),
                column("exact", ColumnType.of(Kind.FLOAT64)),
                column("text", ColumnType.of(Kind.STRING)),
                column("doc", ColumnType.of(Kind.JSON)),
                column("bin", ColumnType.of(Kind.BYTES)),
                column("day", ColumnType.of(Kind.DATE)),
                column("span", ColumnType.of(Kind.TIME_MICROS)),
                column("local", ColumnType.of(Kind.TIMESTAMP_MICROS)),
                column("instant", ColumnType.of(Kind.TIMESTAMP_UTC_MICROS))),
            List.of("id"));
    ChangeFileFixture files = new ChangeFileFixture(dir);
    ChangeFile file =
        files.write(
            "cdc/1",
            schema,
            change(
                "I",
                100,
                1,
                true,
                Long.MIN_VALUE,
                "18446744073709551615",
                1.5,
                0.1,
                "ü😀",
                "{\"a\": [1, 2]}",
                "\\xAA\\x00",
                "2024-02-29",
                -90_000_000_000L,
                "1999-12-31 23:59:59.123456",
                "2024-05-01 10:00:00.000001+00"));

    try (DuckDbWarehouse warehouse = DuckDbWarehouse.open(dir.resolve("lake.duckdb"))) {
      warehouse.load(file, files.localPath(file.key()));

      assertThat(
              warehouse
                  .query(
                      "SELECT column_name, data_type FROM duckdb_columns()"
                          + " WHERE table_name = 'all_kinds_history' ORDER BY column_index")
                  .rows())
          .containsExactly(
              List.of("Op", "VARCHAR"),
              List.of("binlake_commit_ts", "TIMESTAMP WITH TIME ZONE"),
              List.of("binlake_order", "VARCHAR"),
              List.of("id", "INTEGER"),
              List.of("flag", "BOOLEAN"),
              List.of("big", "BIGINT"),
              List.of("amount", "DECIMAL(20,0)"),
              List.of("ratio", "FLOAT"),
              List.of("exact", "DOUBLE"),
              List.of("text", "VARCHAR"),
              List.of("doc", "JSON"),
              List.of("bin", "BLOB"),
              List.of("day", "DATE"),
              List.of("span", "BIGINT"),
              List.of("local", "TIMESTAMP"),
              List.of("instant", "TIMESTAMP WITH TIME ZONE"));
      List<Object> row =
          warehouse
              .query(
                  "SELECT amount, ratio, exact, text, doc::VARCHAR, day, span, local::VARCHAR,"
                      + " instant, bin::VARCHAR, doc->>'$.a[1]' FROM types.all_kinds")
              .rows()
              .get(0);
      assertThat(row)
          .containsExactly(
              new BigDecimal("18446744073709551615"),
              1.5f,
              0.1,
              "ü😀",
              "{\"a\": [1, 2]}",
              LocalDate.parse("2024-02-29"),
              -90_000_000_000L,
              "1999-12-31 23:59:59.123456",
              OffsetDateTime.parse("2024-05-01T10:00:00.000001Z"),
              "\\xAA\\x00",
              "2");
    }
  }
}
