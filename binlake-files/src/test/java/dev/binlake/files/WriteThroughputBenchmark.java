package dev.binlake.files;

import dev.binlake.api.ChangeFile;
import dev.binlake.api.ChangeRecord;
import dev.binlake.api.Column;
import dev.binlake.api.ColumnType;
import dev.binlake.api.ColumnType.Kind;
import dev.binlake.api.Op;
import dev.binlake.api.OrderKey;
import dev.binlake.api.SourceOffset;
import dev.binlake.api.TableId;
import dev.binlake.api.TableSchema;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rough write and read speed for a 10-column table (not part of the normal build): {@code mvn -o
 * -pl binlake-files test -Dtest=WriteThroughputBenchmark -Dbinlake.bench=true}.
 */
@EnabledIfSystemProperty(named = "binlake.bench", matches = "true")
class WriteThroughputBenchmark {
  private static final int ROWS = 1_000_000;

  @TempDir Path dir;

  /** {@code OrderKey.streamed(1, 4 + i, 0, 0)} without String.format, which would dominate. */
  private static OrderKey key(int i) {
    String position = Long.toString(4 + i);
    return new OrderKey(
        "00000001-" + "000000000000".substring(position.length()) + position + "-1-000000000000-0");
  }

  @Test
  void writesAMillionRowsOfTenColumns() throws Exception {
    TableSchema schema =
        new TableSchema(
            new TableId("bench", "orders"),
            List.of(
                new Column("id", ColumnType.of(Kind.INT64), false, "bigint"),
                new Column("customer_id", ColumnType.of(Kind.INT32), true, "int"),
                new Column("status", ColumnType.of(Kind.STRING), true, "varchar(20)"),
                new Column("amount", ColumnType.decimal(12, 2), true, "decimal(12,2)"),
                new Column("quantity", ColumnType.of(Kind.INT32), true, "int"),
                new Column("note", ColumnType.of(Kind.STRING), true, "varchar(200)"),
                new Column("created_at", ColumnType.of(Kind.TIMESTAMP_MICROS), true, "datetime(6)"),
                new Column(
                    "updated_at", ColumnType.of(Kind.TIMESTAMP_UTC_MICROS), true, "timestamp(6)"),
                new Column("paid", ColumnType.of(Kind.BOOLEAN), true, "bit(1)"),
                new Column("weight", ColumnType.of(Kind.FLOAT64), true, "double")),
            List.of("id"));
    String[] statuses = {"new", "paid", "shipped", "delivered", "cancelled"};
    SourceOffset offset = TestTables.offset(4);
    for (Codec codec : Codec.values()) {
      for (int round = 0; round < 2; round++) { // the first round warms the JIT up
        Path file = dir.resolve(codec + ".parquet");
        long start = System.nanoTime();
        try (ParquetChangeWriter writer =
            ParquetChangeWriter.open(file, schema, ChangeFile.Kind.CDC, codec)) {
          for (int i = 0; i < ROWS; i++) {
            long micros = TestTables.BASE_COMMIT_MICROS + i * 1000L;
            Object[] values = {
              (long) i,
              i % 50_000,
              statuses[i % 5],
              BigDecimal.valueOf(i * 37L % 1_000_000, 2),
              i % 10,
              "note for order " + i,
              micros,
              micros,
              i % 3 == 0,
              i * 0.5
            };
            writer.write(
                new ChangeRecord(
                    schema,
                    Op.values()[i % 3],
                    ChangeRecord.Phase.STREAM,
                    key(i),
                    micros,
                    values,
                    offset));
          }
          writer.finish("k");
        }
        double writeSeconds = (System.nanoTime() - start) / 1e9;
        start = System.nanoTime();
        long[] read = {0};
        ParquetChangeReader.readRows(file, (op, ts, key, values) -> read[0]++);
        double readSeconds = (System.nanoTime() - start) / 1e9;
        if (round == 1) {
          System.out.printf(
              "%-12s write %,9.0f rows/s (%.2f s)  read %,9.0f rows/s  %,d bytes%n",
              codec, ROWS / writeSeconds, writeSeconds, read[0] / readSeconds, Files.size(file));
        }
      }
    }
  }
}
