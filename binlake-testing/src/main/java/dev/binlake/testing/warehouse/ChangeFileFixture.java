package dev.binlake.testing.warehouse;

import static java.util.Objects.requireNonNull;

import dev.binlake.api.ChangeFile;
import dev.binlake.api.ChangeRecord;
import dev.binlake.api.Column;
import dev.binlake.api.ColumnType;
import dev.binlake.api.Op;
import dev.binlake.api.OrderKey;
import dev.binlake.api.SourceOffset;
import dev.binlake.api.TableId;
import dev.binlake.api.TableSchema;
import dev.binlake.files.ParquetChangeWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Writes real change files with {@link ParquetChangeWriter} into a folder, one per object key, and
 * returns the {@link ChangeFile} a loader would hand to a warehouse.
 */
public final class ChangeFileFixture {
  /** The commit time changes get unless they say otherwise: 2024-05-01T10:00:00Z. */
  public static final long COMMIT_MICROS =
      ChronoUnit.MICROS.between(Instant.EPOCH, Instant.parse("2024-05-01T10:00:00Z"));

  private final Path dir;

  public ChangeFileFixture(Path dir) {
    this.dir = requireNonNull(dir, "dir is null");
  }

  /** One change: its kind, total-order key, commit time and values in schema column order. */
  public record Change(Op op, OrderKey key, long commitMicros, List<Object> values) {
    public Change {
      requireNonNull(op, "op is null");
      requireNonNull(key, "key is null");
      values = Collections.unmodifiableList(new ArrayList<>(values));
    }

    public Change at(long commitMicros) {
      return new Change(op, key, commitMicros, values);
    }
  }

  /** A streamed change at binlog file 1, {@code position}, row 0. */
  public static Change change(Op op, long position, Object... values) {
    return change(op, OrderKey.streamed(1, position, 0, 0), values);
  }

  public static Change change(Op op, OrderKey key, Object... values) {
    return new Change(op, key, COMMIT_MICROS, Arrays.asList(values));
  }

  public static Column column(String name, ColumnType type) {
    return new Column(name, type, true, type.toString().toLowerCase(Locale.ROOT));
  }

  public static Column column(String name, ColumnType.Kind kind) {
    return column(name, ColumnType.of(kind));
  }

  public static TableSchema schema(TableId table, List<String> key, Column... columns) {
    return new TableSchema(table, List.of(columns), key);
  }

  /** Writes a CDC file of {@code changes}, which must come in increasing key order. */
  public ChangeFile write(String objectKey, TableSchema schema, Change... changes) {
    return write(objectKey, schema, ChangeFile.Kind.CDC, changes);
  }

  public ChangeFile write(
      String objectKey, TableSchema schema, ChangeFile.Kind kind, Change... changes) {
    try (ParquetChangeWriter writer =
        ParquetChangeWriter.open(localPath(objectKey), schema, kind)) {
      for (Change change : changes) {
        writer.write(
            new ChangeRecord(
                schema,
                change.op(),
                change.key().isSnapshot() ? ChangeRecord.Phase.SNAPSHOT : ChangeRecord.Phase.STREAM,
                change.key(),
                change.commitMicros(),
                change.values().toArray(),
                new SourceOffset("{}", "mariadb-bin.000001", change.key().hashCode() & 0xffff)));
      }
      return writer.finish(objectKey);
    }
  }

  /** Where the file of {@code objectKey} is (or will be) written. */
  public Path localPath(String objectKey) {
    return dir.resolve(objectKey.replaceAll("[^A-Za-z0-9._-]", "_") + ".parquet");
  }
}
