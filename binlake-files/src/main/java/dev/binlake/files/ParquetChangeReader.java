package dev.binlake.files;

import dev.binlake.api.BinlakeException;
import dev.binlake.api.ChangeFile;
import dev.binlake.api.ErrorCode;
import dev.binlake.api.Op;
import dev.binlake.api.OrderKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.FileMetaData;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.MessageColumnIO;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.schema.MessageType;

/**
 * Reads change files written by {@link ParquetChangeWriter}, without Hadoop at runtime. A file that
 * is not Parquet, is cut short, or is Parquet without binlake metadata (a "foreign" file) is
 * refused with {@link ErrorCode#FILE_INVALID}.
 */
public final class ParquetChangeReader {
  private ParquetChangeReader() {}

  /**
   * What a change file holds, from its footer alone.
   *
   * @param objectKey the key the file is stored under, for the result and for messages
   * @throws BinlakeException with {@link ErrorCode#FILE_INVALID} if it is not a binlake change file
   */
  public static ChangeFile readChangeFile(Path file, String objectKey) {
    try (ParquetFileReader reader = open(file, objectKey)) {
      return validate(reader, objectKey);
    } catch (IOException e) {
      throw notParquet(objectKey, e);
    }
  }

  /**
   * Streams every row of a change file, in file order, to {@code consumer}. Exceptions of the
   * consumer pass through unchanged.
   *
   * @throws BinlakeException with {@link ErrorCode#FILE_INVALID} if it is not a binlake change file
   *     or its data is damaged
   */
  public static void readRows(Path file, RowConsumer consumer) {
    String name = file.toString();
    try (ParquetFileReader reader = open(file, name)) {
      ChangeFile changeFile = validate(reader, name);
      MessageType schema = reader.getFileMetaData().getSchema();
      MessageColumnIO columnIo = new ColumnIOFactory().getColumnIO(schema);
      RowMaterializer materializer = new RowMaterializer(changeFile.schema());
      PageReadStore rowGroup;
      while ((rowGroup = nextRowGroup(reader, name)) != null) {
        RecordReader<Object[]> records = columnIo.getRecordReader(rowGroup, materializer);
        for (long i = 0, n = rowGroup.getRowCount(); i < n; i++) {
          Object[] row;
          try {
            row = records.read();
          } catch (RuntimeException e) {
            throw damaged(name, e);
          }
          consumer.accept(
              (Op) row[0],
              (Long) row[1],
              (OrderKey) row[2],
              Arrays.copyOfRange(row, ColumnMapping.LEADING_COLUMNS, row.length));
        }
      }
    } catch (IOException e) {
      throw damaged(name, e);
    }
  }

  /**
   * Whether a Parquet file carries binlake metadata; false for foreign Parquet files such as AWS
   * DMS output (read those with {@link dev.binlake.files.dms.DmsFileReader}).
   *
   * @throws BinlakeException with {@link ErrorCode#FILE_INVALID} if it is not a readable Parquet
   *     file
   */
  public static boolean isChangeFile(Path file, String objectKey) {
    try (ParquetFileReader reader = open(file, objectKey)) {
      return ChangeFileMetadata.isChangeFile(reader.getFileMetaData().getKeyValueMetaData());
    } catch (IOException e) {
      throw notParquet(objectKey, e);
    }
  }

  /**
   * Opens any Parquet file without Hadoop at runtime, for readers of foreign files. The caller
   * closes it.
   *
   * @throws BinlakeException with {@link ErrorCode#FILE_INVALID} if it is not a readable Parquet
   *     file, {@link ErrorCode#OBJECT_NOT_FOUND} if it does not exist
   */
  public static ParquetFileReader openParquet(Path file, String objectKey) {
    return open(file, objectKey);
  }

  private static PageReadStore nextRowGroup(ParquetFileReader reader, String name) {
    try {
      return reader.readNextRowGroup();
    } catch (IOException | RuntimeException e) {
      throw damaged(name, e);
    }
  }

  private static BinlakeException damaged(String name, Exception e) {
    return new BinlakeException(
        ErrorCode.FILE_INVALID,
        e,
        "Cannot read rows of %s: %s (the file is damaged: move it out of the change-file"
            + " prefix; if it held captured changes, snapshot the table again)",
        name,
        e.toString());
  }

  private static ParquetFileReader open(Path file, String objectKey) {
    ParquetReadOptions options = HadoopFreeReadOptions.create(new JniCodecFactory());
    if (!Files.isRegularFile(file)) {
      throw new BinlakeException(
          ErrorCode.OBJECT_NOT_FOUND,
          "Cannot load %s: its local copy %s does not exist (fetch the object again)",
          objectKey,
          file);
    }
    try {
      return ParquetFileReader.open(new LocalInputFile(file), options);
    } catch (IOException | RuntimeException e) {
      throw notParquet(objectKey, e);
    }
  }

  private static BinlakeException notParquet(String objectKey, Exception e) {
    return new BinlakeException(
        ErrorCode.FILE_INVALID,
        e,
        "Cannot load %s: it is not a readable Parquet file (%s) (it was cut short, damaged after"
            + " upload or not written by binlake: move it out of the change-file prefix; if it held"
            + " captured changes, snapshot the table again)",
        objectKey,
        e.getMessage());
  }

  private static ChangeFile validate(ParquetFileReader reader, String objectKey) {
    FileMetaData footer = reader.getFileMetaData();
    Map<String, String> metadata = footer.getKeyValueMetaData();
    if (!ChangeFileMetadata.isChangeFile(metadata)) {
      throw new BinlakeException(
          ErrorCode.FILE_INVALID,
          "Cannot load %s: it is a Parquet file without binlake metadata (no %s), so binlake did"
              + " not write it (move it out of the change-file prefix, or load it by other means)",
          objectKey,
          ChangeFileMetadata.FORMAT_VERSION);
    }
    String version = metadata.get(ChangeFileMetadata.FORMAT_VERSION);
    if (!ChangeFileMetadata.CURRENT_VERSION.equals(version)) {
      throw new BinlakeException(
          ErrorCode.FILE_INVALID,
          "Cannot load %s: its %s is %s but this binlake reads version %s (upgrade binlake)",
          objectKey,
          ChangeFileMetadata.FORMAT_VERSION,
          version,
          ChangeFileMetadata.CURRENT_VERSION);
    }
    ChangeFile changeFile;
    MessageType expected;
    try {
      changeFile = ChangeFileMetadata.read(objectKey, metadata);
      expected = ColumnMapping.messageType(changeFile.schema());
    } catch (IllegalArgumentException | BinlakeException e) {
      throw invalid(objectKey, "its binlake metadata is malformed: " + e.getMessage(), e);
    }
    if (!footer.getSchema().equals(expected)) {
      throw invalid(
          objectKey,
          "its Parquet columns "
              + footer.getSchema()
              + " do not match its binlake.schema "
              + expected,
          null);
    }
    long rows = reader.getRowGroups().stream().mapToLong(BlockMetaData::getRowCount).sum();
    if (rows != changeFile.rowCount()) {
      throw invalid(
          objectKey,
          "it holds "
              + rows
              + " rows but its "
              + ChangeFileMetadata.ROW_COUNT
              + " says "
              + changeFile.rowCount(),
          null);
    }
    return changeFile;
  }

  private static BinlakeException invalid(String objectKey, String why, Exception cause) {
    return new BinlakeException(
        ErrorCode.FILE_INVALID,
        cause,
        "Cannot load %s: %s (the file was changed after binlake wrote it: move it out of the"
            + " change-file prefix; if it held captured changes, snapshot the table again)",
        objectKey,
        why);
  }
}
