package dev.binlake.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.binlake.api.ChangeFile;
import dev.binlake.api.ChangeRecord;
import dev.binlake.api.Column;
import dev.binlake.api.ColumnType;
import dev.binlake.api.ColumnType.Kind;
import dev.binlake.api.LoadResult;
import dev.binlake.api.Op;
import dev.binlake.api.OrderKey;
import dev.binlake.api.SourceOffset;
import dev.binlake.api.TableId;
import dev.binlake.api.TableSchema;
import dev.binlake.files.DmsLayout;
import dev.binlake.files.ParquetChangeWriter;
import dev.binlake.warehouse.duckdb.DuckDbWarehouse;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The loader with binlake-files' real writer and reader and the DuckDB warehouse. */
class LoaderDuckDbTest {
  private static final TableId ITEMS = new TableId("shop", "order");
  private static final long COMMIT = 1_714_557_600_000_000L; // 2024-05-01T10:00:00Z

  @TempDir Path dir;

  private static Column column(String name, ColumnType type) {
    return new Column(name, type, true, "x");
  }

  private static final TableSchema SCHEMA =
      new TableSchema(
          ITEMS,
          List.of(
              column("id", ColumnType.of(Kind.INT32)),
              column("flag", ColumnType.of(Kind.BOOLEAN)),
              column("big", ColumnType.of(Kind.INT64)),
              column("unsigned", ColumnType.decimal(20, 0)),
              column("price", ColumnType.decimal(7, 2)),
              column("ratio", ColumnType.of(Kind.FLOAT32)),
              column("exact", ColumnType.of(Kind.FLOAT64)),
              column("Name", ColumnType.of(Kind.STRING)),
              column("doc", ColumnType.of(Kind.JSON)),
              column("bin", ColumnType.of(Kind.BYTES)),
              column("day", ColumnType.of(Kind.DATE)),
              column("span", ColumnType.of(Kind.TIME_MICROS)),
              column("local", ColumnType.of(Kind.TIMESTAMP_MICROS)),
              column("instant", ColumnType.of(Kind.TIMESTAMP_UTC_MICROS))),
          List.of("id"));

  private static ChangeRecord record(Op op, OrderKey key, int id, String name) {
    return new ChangeRecord(
        SCHEMA,
        op,
        ChangeRecord.Phase.STREAM,
        key,
        COMMIT,
        new Object[] {
          id,
          true,
          Long.MIN_VALUE,
          new BigDecimal("18446744073709551615"),
          new BigDecimal("12.34"),
          1.5f,
          0.1,
          name,
          "{\"a\": [1, 2]}",
          new byte[] {(byte) 0xAA, 0},
          19_782,
          -90_000_000_000L,
          946_684_799_123_456L,
          COMMIT + 1
        },
        new SourceOffset("{}", "mariadb-bin.000003", key.hashCode() & 0xffff));
  }

  private String store(InMemoryObjectStore store, ChangeRecord... records) {
    String key = DmsLayout.cdcKey("lake", ITEMS, COMMIT, records[0].orderKey());
    Path file = dir.resolve(records[0].orderKey().value() + ".parquet");
    try (ParquetChangeWriter writer = ParquetChangeWriter.open(file, SCHEMA, ChangeFile.Kind.CDC)) {
      for (ChangeRecord record : records) {
        writer.write(record);
      }
      writer.finish(key);
    }
    store.put(key, file);
    return key;
  }

  @Test
  void changeFilesFromTheWriterLoadIntoHistoryAndLatestView() throws Exception {
    InMemoryObjectStore store = new InMemoryObjectStore();
    String first =
        store(
            store,
            record(Op.INSERT, OrderKey.streamed(3, 100, 0, 0), 1, "ann"),
            record(Op.INSERT, OrderKey.streamed(3, 100, 1, 0), 2, "bob"));
    String second =
        store(
            store,
            record(Op.UPDATE, OrderKey.streamed(3, 200, 0, 0), 1, "anna"),
            record(Op.DELETE, OrderKey.streamed(3, 300, 0, 0), 2, "bob"),
            record(Op.INSERT, OrderKey.streamed(3, 300, 0, 1), 20, "bob"));
    Path foreign = dir.resolve("foreign.parquet");
    try (Connection duckdb = DriverManager.getConnection("jdbc:duckdb:");
        Statement statement = duckdb.createStatement()) {
      statement.execute("COPY (SELECT 1 AS id) TO '" + foreign + "' (FORMAT parquet)");
    }
    store.put("lake/shop/order/foreign.parquet", foreign);

    try (DuckDbWarehouse warehouse = DuckDbWarehouse.open(dir.resolve("lake.duckdb"))) {
      FileDeadLetters deadLetters = new FileDeadLetters(dir.resolve("state"));
      Loader loader = new Loader(store, warehouse, "lake/", deadLetters);

      assertThat(loader.load(second))
          .isEqualTo(new LoadResult(second, ITEMS, 3, LoadResult.Outcome.LOADED));
      assertThat(loader.catchUp()).isEqualTo(1);

      assertThat(warehouse.isLoaded(first)).isTrue();
      assertThat(deadLetters.list())
          .extracting(DeadLetter::key)
          .containsExactly("lake/shop/order/foreign.parquet");
      assertThat(warehouse.query("SELECT count(*) FROM shop.order_history").rows())
          .containsExactly(List.of(5L));
      assertThat(warehouse.query("SELECT id, \"Name\" FROM shop.\"order\" ORDER BY id").rows())
          .containsExactly(List.of(1, "anna"), List.of(20, "bob"));
      List<Object> row =
          warehouse
              .query(
                  "SELECT flag, big, unsigned, price, ratio, exact, doc::VARCHAR, bin::VARCHAR,"
                      + " day, span, local::VARCHAR, instant, binlake_commit_ts FROM"
                      + " shop.order_history WHERE id = 1 AND Op = 'U'")
              .rows()
              .get(0);
      assertThat(row)
          .isEqualTo(
              Arrays.asList(
                  true,
                  Long.MIN_VALUE,
                  new BigDecimal("18446744073709551615"),
                  new BigDecimal("12.34"),
                  1.5f,
                  0.1,
                  "{\"a\": [1, 2]}",
                  "\\xAA\\x00",
                  LocalDate.parse("2024-02-29"),
                  -90_000_000_000L,
                  "1999-12-31 23:59:59.123456",
                  OffsetDateTime.parse("2024-05-01T10:00:00.000001Z"),
                  OffsetDateTime.parse("2024-05-01T10:00:00Z")));
    }
  }
}
