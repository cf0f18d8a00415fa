package dev.binlake.lambda;

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
import dev.binlake.files.ParquetChangeWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

/**
 * Change files of {@code shop.orders (id BIGINT PRIMARY KEY, note TEXT)} and of {@code shop.log (id
 * BIGINT NOT NULL, msg TEXT)}, which has no primary key, for the tests.
 */
final class ChangeFiles {
  static final TableId ORDERS = new TableId("shop", "orders");
  static final long COMMIT = 1_714_557_600_000_000L; // 2024-05-01T10:00:00Z

  static final TableSchema SCHEMA =
      new TableSchema(
          ORDERS,
          List.of(
              new Column("id", ColumnType.of(Kind.INT64), false, "bigint"),
              new Column("note", ColumnType.of(Kind.STRING), true, "text")),
          List.of("id"));

  static final TableSchema LOG_SCHEMA =
      new TableSchema(
          new TableId("shop", "log"),
          List.of(
              new Column("id", ColumnType.of(Kind.INT64), false, "bigint"),
              new Column("msg", ColumnType.of(Kind.STRING), true, "text")),
          List.of());

  private ChangeFiles() {}

  static ChangeRecord change(Op op, long position, long id, String note) {
    return change(SCHEMA, op, position, id, note);
  }

  /** A change of a table of two columns, {@code (BIGINT, TEXT)}. */
  static ChangeRecord change(TableSchema schema, Op op, long position, long id, String text) {
    return new ChangeRecord(
        schema,
        op,
        ChangeRecord.Phase.STREAM,
        OrderKey.streamed(1, position, 0, 0),
        COMMIT + position,
        new Object[] {id, text},
        new SourceOffset("{}", "mariadb-bin.000001", position));
  }

  /**
   * Writes {@code changes} (all of one table, the first change's) to {@code file} as the change
   * file stored under {@code key}.
   */
  static Path write(Path file, String key, ChangeRecord... changes) {
    TableSchema schema = changes.length == 0 ? SCHEMA : changes[0].schema();
    try (ParquetChangeWriter writer = ParquetChangeWriter.open(file, schema, ChangeFile.Kind.CDC)) {
      for (ChangeRecord change : changes) {
        writer.write(change);
      }
      writer.finish(key);
    }
    return file;
  }

  /**
   * Writes {@code rows} inserts with {@code noteLength} random letters each (barely compressible),
   * with the writer's default settings (Snappy, 32 MB row groups).
   */
  static Path writeLarge(Path file, String key, int rows, int noteLength) {
    Random random = new Random(7);
    char[] note = new char[noteLength];
    String letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    try (ParquetChangeWriter writer = ParquetChangeWriter.open(file, SCHEMA, ChangeFile.Kind.CDC)) {
      for (int i = 0; i < rows; i++) {
        for (int j = 0; j < noteLength; j++) {
          note[j] = letters.charAt(random.nextInt(letters.length()));
        }
        writer.write(change(Op.INSERT, 100L + i, i, new String(note)));
      }
      writer.finish(key);
    }
    return file;
  }
}
