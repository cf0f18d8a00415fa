package dev.binlake.files;

import static org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit.MICROS;

import dev.binlake.api.BinlakeException;
import dev.binlake.api.Column;
import dev.binlake.api.DmsFile;
import dev.binlake.api.ErrorCode;
import dev.binlake.api.Op;
import dev.binlake.files.dms.DmsFileReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;

/**
 * Rewrites an AWS DMS file into binlake's column layout, for warehouses that load whole files and
 * cannot compute columns while loading (BigQuery load jobs): {@code Op} (I/U/D), {@code
 * binlake_commit_ts} (UTC microseconds from the DMS timestamp text; null without one), {@code
 * binlake_order} ({@link DmsFile#orderOf}), then the source columns in binlake's Parquet types (as
 * {@link ParquetChangeWriter} writes them). The result has no binlake metadata: it is a staging
 * file for one load, not a change file.
 */
public final class DmsFileRewriter {
  private static final DateTimeFormatter TIMESTAMP =
      new DateTimeFormatterBuilder()
          .appendPattern("uuuu-MM-dd")
          .optionalStart()
          .appendLiteral(' ')
          .optionalEnd()
          .optionalStart()
          .appendLiteral('T')
          .optionalEnd()
          .appendPattern("HH:mm:ss")
          .optionalStart()
          .appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true)
          .optionalEnd()
          .toFormatter();

  private DmsFileRewriter() {}

  /**
   * Writes {@code dms}'s rows to {@code target} (replaced if it exists), Snappy-compressed.
   *
   * @return the rows written
   * @throws BinlakeException {@link ErrorCode#FILE_INVALID} if the DMS file's rows cannot be read,
   *     {@link ErrorCode#STORAGE_FAILED} if the target cannot be written
   */
  public static long rewrite(Path dmsFile, DmsFile dms, Path target) {
    try (Writer writer = open(target, dms.schema().columns())) {
      DmsFileReader.readRows(
          dmsFile,
          dms,
          (op, timestamp, order, values) -> {
            try {
              writer.write(op, commitMicros(dms, timestamp), order, values);
            } catch (IllegalArgumentException e) {
              throw new BinlakeException(
                  ErrorCode.FILE_INVALID,
                  e,
                  "Cannot rewrite row %d of %s: %s (move the file out of the change-file prefix)",
                  writer.rowCount(),
                  dms.key(),
                  e.getMessage());
            }
          });
      return writer.rowCount();
    } catch (UncheckedIOException e) {
      throw new BinlakeException(
          ErrorCode.STORAGE_FAILED,
          e,
          "Cannot rewrite %s to %s: %s (check free space and permissions of %s)",
          dms.key(),
          target,
          e.getCause().getMessage(),
          target.toAbsolutePath().getParent());
    }
  }

  /**
   * Opens a file of this layout with any source columns (e.g. the columns of a batch of several DMS
   * files, widened to common types); values follow the Java types of {@link
   * dev.binlake.api.ColumnType}, as {@link ParquetChangeWriter} takes them.
   *
   * @throws UncheckedIOException if the target cannot be created
   */
  public static Writer open(Path target, List<Column> columns) {
    MessageType schema = messageType(columns);
    RowSupport support = new RowSupport(schema, columns);
    try {
      return new Writer(
          new Builder(new LocalOutputFile(target), support)
              .withConf(new PlainParquetConfiguration())
              .withCodecFactory(new JniCodecFactory())
              .withCompressionCodec(CompressionCodecName.SNAPPY)
              .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
              .withDictionaryEncoding(ColumnMapping.ORDER, false)
              .build());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes rows of the rewritten layout; {@link #close} finishes the file. */
  public static final class Writer implements AutoCloseable {
    private final ParquetWriter<Row> parquet;
    private long rows;

    private Writer(ParquetWriter<Row> parquet) {
      this.parquet = parquet;
    }

    /**
     * Writes one row: the change, UTC microseconds of its commit (or null), its order value and the
     * source values in the order of the columns the writer was opened with.
     *
     * @throws UncheckedIOException if the file cannot be written
     * @throws IllegalArgumentException if a value does not fit its column
     */
    public void write(Op op, Long commitMicros, String order, Object[] values) {
      try {
        parquet.write(new Row(op, commitMicros, order, values));
        rows++;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    public long rowCount() {
      return rows;
    }

    @Override
    public void close() {
      try {
        parquet.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /**
   * UTC microseconds of a DMS timestamp text, or null for null.
   *
   * @throws BinlakeException {@link ErrorCode#FILE_INVALID} if the text is not a timestamp
   */
  public static Long commitMicros(DmsFile dms, String timestamp) {
    if (timestamp == null) {
      return null;
    }
    try {
      LocalDateTime time = LocalDateTime.parse(timestamp, TIMESTAMP);
      var instant = time.toInstant(ZoneOffset.UTC);
      return Math.addExact(
          Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1000L);
    } catch (RuntimeException e) {
      throw new BinlakeException(
          ErrorCode.FILE_INVALID,
          e,
          "Cannot read rows of %s: DMS timestamp '%s' is not yyyy-MM-dd HH:mm:ss[.fraction] (move"
              + " the file out of the change-file prefix)",
          dms.key(),
          timestamp);
    }
  }

  static MessageType messageType(List<Column> columns) {
    List<Type> fields = new ArrayList<>();
    fields.add(
        Types.required(PrimitiveTypeName.BINARY)
            .as(LogicalTypeAnnotation.stringType())
            .named(ColumnMapping.OP));
    fields.add(
        Types.optional(PrimitiveTypeName.INT64)
            .as(LogicalTypeAnnotation.timestampType(true, MICROS))
            .named(ColumnMapping.COMMIT_TS));
    fields.add(
        Types.required(PrimitiveTypeName.BINARY)
            .as(LogicalTypeAnnotation.stringType())
            .named(ColumnMapping.ORDER));
    columns.forEach(column -> fields.add(ColumnMapping.field(column)));
    return new MessageType("binlake_dms_rows", fields);
  }

  private record Row(Op op, Long commitMicros, String order, Object[] values) {}

  private static final class RowSupport extends WriteSupport<Row> {
    private final MessageType schema;
    private final List<Column> columns;
    private RecordConsumer consumer;

    RowSupport(MessageType schema, List<Column> columns) {
      this.schema = schema;
      this.columns = columns;
    }

    @Override
    public WriteContext init(ParquetConfiguration configuration) {
      return new WriteContext(schema, new HashMap<>());
    }

    @Override
    @SuppressWarnings("deprecation") // overriding the abstract Hadoop variant is unavoidable
    public WriteContext init(org.apache.hadoop.conf.Configuration configuration) {
      return init((ParquetConfiguration) null);
    }

    @Override
    public void prepareForWrite(RecordConsumer recordConsumer) {
      this.consumer = recordConsumer;
    }

    @Override
    public void write(Row row) {
      consumer.startMessage();
      field(0, Binary.fromString(row.op().code()));
      if (row.commitMicros() != null) {
        field(1, row.commitMicros());
      }
      field(2, Binary.fromString(row.order()));
      for (int i = 0; i < columns.size(); i++) {
        Object value = row.values()[i];
        if (value != null) {
          field(i + ColumnMapping.LEADING_COLUMNS, ColumnMapping.toParquet(columns.get(i), value));
        }
      }
      consumer.endMessage();
    }

    private void field(int index, Object value) {
      String name = schema.getFieldName(index);
      consumer.startField(name, index);
      if (value instanceof Binary binary) {
        consumer.addBinary(binary);
      } else if (value instanceof Long number) {
        consumer.addLong(number);
      } else if (value instanceof Integer number) {
        consumer.addInteger(number);
      } else if (value instanceof Double number) {
        consumer.addDouble(number);
      } else if (value instanceof Float number) {
        consumer.addFloat(number);
      } else {
        consumer.addBoolean((Boolean) value);
      }
      consumer.endField(name, index);
    }
  }

  private static final class Builder extends ParquetWriter.Builder<Row, Builder> {
    private final RowSupport support;

    Builder(OutputFile file, RowSupport support) {
      super(file);
      this.support = support;
    }

    @Override
    protected Builder self() {
      return this;
    }

    @Override
    protected WriteSupport<Row> getWriteSupport(ParquetConfiguration conf) {
      return support;
    }

    @Override
    @SuppressWarnings("deprecation") // overriding the abstract Hadoop variant is unavoidable
    protected WriteSupport<Row> getWriteSupport(org.apache.hadoop.conf.Configuration conf) {
      return support;
    }
  }
}
