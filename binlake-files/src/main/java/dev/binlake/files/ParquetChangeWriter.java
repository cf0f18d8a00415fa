package dev.binlake.files;

import static java.util.Objects.requireNonNull;

import dev.binlake.api.BinlakeException;
import dev.binlake.api.ChangeFile;
import dev.binlake.api.ChangeRecord;
import dev.binlake.api.ErrorCode;
import dev.binlake.api.TableSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.OutputFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the change records of one table (one {@link TableSchema}) to a local Parquet file, without
 * Hadoop at runtime. Columns: {@value #OP_COLUMN} (I/U/D, or the table markers T and X), {@value
 * #COMMIT_TS_COLUMN} (UTC commit time, microseconds), {@value #ORDER_COLUMN} (the total-order key),
 * then the source columns; the key/value metadata holds what {@link ChangeFile} holds (see {@link
 * ParquetChangeReader}).
 *
 * <p>Records must come in strictly increasing order key. A writer is not thread-safe. Use it in
 * try-with-resources: {@link #close()} aborts a file that was not {@linkplain #finish finished}.
 */
public final class ParquetChangeWriter implements AutoCloseable {
  public static final String OP_COLUMN = ColumnMapping.OP;
  public static final String COMMIT_TS_COLUMN = ColumnMapping.COMMIT_TS;
  public static final String ORDER_COLUMN = ColumnMapping.ORDER;

  private static final Logger LOG = LoggerFactory.getLogger(ParquetChangeWriter.class);

  /**
   * How change files are written: page compression and row-group size (bytes buffered in memory
   * before a row group is written out).
   */
  public record Settings(Codec codec, long rowGroupSize) {
    public static final long DEFAULT_ROW_GROUP_SIZE = 32L * 1024 * 1024;
    public static final Settings DEFAULT = new Settings(Codec.SNAPPY, DEFAULT_ROW_GROUP_SIZE);

    public Settings {
      requireNonNull(codec, "codec is null");
      if (rowGroupSize < 64 * 1024 || rowGroupSize > Integer.MAX_VALUE) {
        throw new IllegalArgumentException(
            "rowGroupSize must be between 64 KB and 2 GB: " + rowGroupSize);
      }
    }

    public Settings withCodec(Codec codec) {
      return new Settings(codec, rowGroupSize);
    }

    public Settings withRowGroupSize(long rowGroupSize) {
      return new Settings(codec, rowGroupSize);
    }
  }

  private final Path file;
  private final TableSchema schema;
  private final ChangeFile.Kind kind;
  private final ChangeWriteSupport support;
  private final ParquetWriter<ChangeRecord> writer;
  private State state = State.OPEN;

  private enum State {
    OPEN,
    FAILED,
    FINISHED,
    ABORTED
  }

  private ParquetChangeWriter(
      Path file,
      TableSchema schema,
      ChangeFile.Kind kind,
      ChangeWriteSupport support,
      ParquetWriter<ChangeRecord> writer) {
    this.file = file;
    this.schema = schema;
    this.kind = kind;
    this.support = support;
    this.writer = writer;
  }

  /** Opens a SNAPPY-compressed file with the default row-group size, replacing {@code file}. */
  public static ParquetChangeWriter open(Path file, TableSchema schema, ChangeFile.Kind kind) {
    return open(file, schema, kind, Settings.DEFAULT);
  }

  public static ParquetChangeWriter open(
      Path file, TableSchema schema, ChangeFile.Kind kind, Codec codec) {
    return open(file, schema, kind, Settings.DEFAULT.withCodec(codec));
  }

  /**
   * Opens a new file, replacing {@code file} if it exists.
   *
   * @throws BinlakeException ({@link ErrorCode#SOURCE_UNSUPPORTED}) if a column name clashes with
   *     {@value #OP_COLUMN}, {@value #COMMIT_TS_COLUMN} or {@value #ORDER_COLUMN} (compared without
   *     case) or with another column
   */
  public static ParquetChangeWriter open(
      Path file, TableSchema schema, ChangeFile.Kind kind, Settings settings) {
    requireNonNull(file, "file is null");
    requireNonNull(schema, "schema is null");
    requireNonNull(kind, "kind is null");
    requireNonNull(settings, "settings is null");
    ChangeWriteSupport support = new ChangeWriteSupport(schema, kind);
    try {
      ParquetWriter<ChangeRecord> writer =
          new Builder(new LocalOutputFile(file), support)
              .withConf(new PlainParquetConfiguration())
              .withCodecFactory(new JniCodecFactory())
              .withCompressionCodec(settings.codec().parquetName())
              .withRowGroupSize(settings.rowGroupSize())
              .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
              // Every order key is distinct: a dictionary would only cost time before falling back.
              .withDictionaryEncoding(ORDER_COLUMN, false)
              .build();
      return new ParquetChangeWriter(file, schema, kind, support, writer);
    } catch (IOException e) {
      throw new BinlakeException(
          ErrorCode.STORAGE_FAILED,
          e,
          "Cannot create change file %s: %s (check free space and permissions of %s)",
          file,
          e.getMessage(),
          file.toAbsolutePath().getParent());
    }
  }

  /**
   * Appends a record.
   *
   * @throws IllegalArgumentException if the record's schema is not this file's, its order key is
   *     not after the previous one, or a value does not fit its column; the writer stays usable
   */
  public void write(ChangeRecord record) {
    requireOpen();
    support.check(record);
    try {
      writer.write(record);
    } catch (IOException | RuntimeException e) {
      state = State.FAILED;
      throw new BinlakeException(
          ErrorCode.STORAGE_FAILED,
          e,
          "Cannot write change file %s of %s: %s (check free space of %s, then abort this file"
              + " and write it again)",
          file,
          schema.table(),
          e.getMessage(),
          file.toAbsolutePath().getParent());
    }
  }

  public long rowCount() {
    return support.rowCount();
  }

  /**
   * Bytes written to the file plus bytes buffered for it: what the file's size will be, roughly.
   */
  public long estimatedSize() {
    return writer.getDataSize();
  }

  public Path file() {
    return file;
  }

  public TableSchema schema() {
    return schema;
  }

  /**
   * Writes the footer and closes the file.
   *
   * @return what the file holds, under {@code objectKey}
   * @throws IllegalStateException if no record was written ({@link #abort()} such a writer)
   */
  public ChangeFile finish(String objectKey) {
    requireNonNull(objectKey, "objectKey is null");
    requireOpen();
    if (support.rowCount() == 0) {
      throw new IllegalStateException(
          "Cannot finish change file "
              + file
              + " of "
              + schema.table()
              + ": it holds no records (abort() an empty writer instead)");
    }
    try {
      writer.close();
    } catch (IOException | RuntimeException e) {
      state = State.FAILED;
      throw new BinlakeException(
          ErrorCode.STORAGE_FAILED,
          e,
          "Cannot finish change file %s of %s: %s (check free space of %s, then abort this file"
              + " and write it again)",
          file,
          schema.table(),
          e.getMessage(),
          file.toAbsolutePath().getParent());
    }
    state = State.FINISHED;
    ChangeFile result =
        new ChangeFile(
            objectKey,
            schema,
            kind,
            support.rowCount(),
            support.first(),
            support.last(),
            support.lastOffset());
    LOG.debug(
        "Finished change file {} for {}: {} rows, keys {}..{}",
        file,
        objectKey,
        result.rowCount(),
        result.first(),
        result.last());
    return result;
  }

  /** Closes and deletes the partial file. Does nothing after {@link #finish} or a first abort. */
  public void abort() {
    if (state == State.FINISHED || state == State.ABORTED) {
      return;
    }
    state = State.ABORTED;
    try {
      writer.close();
    } catch (IOException | RuntimeException e) {
      LOG.debug("Closing aborted change file {} failed; deleting it anyway", file, e);
    }
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new BinlakeException(
          ErrorCode.STORAGE_FAILED,
          e,
          "Cannot delete aborted change file %s: %s (delete it by hand)",
          file,
          e.getMessage());
    }
  }

  /** Aborts the file unless it was finished. */
  @Override
  public void close() {
    abort();
  }

  private void requireOpen() {
    if (state != State.OPEN) {
      throw new IllegalStateException(
          "change file "
              + file
              + " of "
              + schema.table()
              + " is "
              + state.name().toLowerCase(Locale.ROOT)
              + " (open a new writer)");
    }
  }

  /** Parquet's builder, fed our write support and a Hadoop-free configuration. */
  private static final class Builder extends ParquetWriter.Builder<ChangeRecord, Builder> {
    private final ChangeWriteSupport support;

    Builder(OutputFile file, ChangeWriteSupport support) {
      super(file);
      this.support = support;
    }

    @Override
    protected Builder self() {
      return this;
    }

    @Override
    protected WriteSupport<ChangeRecord> getWriteSupport(ParquetConfiguration conf) {
      return support;
    }

    /** Required by the abstract class; never called with a ParquetConfiguration set. */
    @Override
    @SuppressWarnings("deprecation") // overriding the abstract Hadoop variant is unavoidable
    protected WriteSupport<ChangeRecord> getWriteSupport(
        org.apache.hadoop.conf.Configuration conf) {
      return support;
    }
  }
}
