package dev.binlake.files;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
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
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;

/**
 * Writes Parquet files the way AWS DMS does (for tests): any flat schema with old-style annotations
 * (UTF8, INT_8/16, UINT_64, DECIMAL in FIXED_LEN_BYTE_ARRAY, TIMESTAMP_MILLIS, INT96), no key/value
 * metadata, uncompressed PLAIN pages. Values per row follow the fields: Boolean, Integer, Long,
 * Float, Double, String or byte[] (BINARY, FIXED_LEN_BYTE_ARRAY, INT96), or null.
 */
public final class DmsStyleParquet {
  private DmsStyleParquet() {}

  public static Path write(Path file, MessageType schema, List<Object[]> rows) {
    RowSupport support = new RowSupport(schema);
    try (ParquetWriter<Object[]> writer =
        new Builder(new LocalOutputFile(file), support)
            .withConf(new PlainParquetConfiguration())
            .withCodecFactory(new JniCodecFactory())
            .withCompressionCodec(CompressionCodecName.UNCOMPRESSED)
            .withDictionaryEncoding(false)
            .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
            .build()) {
      for (Object[] row : rows) {
        writer.write(row);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  /** A one-row change file as binlake writes it (with binlake metadata), for contrast. */
  public static Path writeBinlakeFile(Path file) {
    dev.binlake.api.TableSchema schema = TestTables.small();
    try (ParquetChangeWriter writer =
        ParquetChangeWriter.open(
            file, schema, dev.binlake.api.ChangeFile.Kind.LOAD, Codec.SNAPPY)) {
      writer.write(TestTables.record(schema, dev.binlake.api.Op.INSERT, 1, 1L, "a"));
      writer.finish("k");
    }
    return file;
  }

  private static final class RowSupport extends WriteSupport<Object[]> {
    private final MessageType schema;
    private RecordConsumer consumer;

    RowSupport(MessageType schema) {
      this.schema = schema;
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
    public void write(Object[] row) {
      consumer.startMessage();
      for (int i = 0; i < row.length; i++) {
        if (row[i] == null) {
          continue;
        }
        Type field = schema.getType(i);
        consumer.startField(field.getName(), i);
        switch (field.asPrimitiveType().getPrimitiveTypeName()) {
          case BOOLEAN -> consumer.addBoolean((Boolean) row[i]);
          case INT32 -> consumer.addInteger((Integer) row[i]);
          case INT64 -> consumer.addLong((Long) row[i]);
          case FLOAT -> consumer.addFloat((Float) row[i]);
          case DOUBLE -> consumer.addDouble((Double) row[i]);
          default ->
              consumer.addBinary(
                  row[i] instanceof String text
                      ? Binary.fromString(text)
                      : Binary.fromConstantByteArray((byte[]) row[i]));
        }
        consumer.endField(field.getName(), i);
      }
      consumer.endMessage();
    }
  }

  private static final class Builder extends ParquetWriter.Builder<Object[], Builder> {
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
    protected WriteSupport<Object[]> getWriteSupport(ParquetConfiguration conf) {
      return support;
    }

    @Override
    @SuppressWarnings("deprecation") // overriding the abstract Hadoop variant is unavoidable
    protected WriteSupport<Object[]> getWriteSupport(org.apache.hadoop.conf.Configuration conf) {
      return support;
    }
  }
}
