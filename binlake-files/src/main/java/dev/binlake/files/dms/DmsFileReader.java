package dev.binlake.files.dms;

import dev.binlake.api.BinlakeException;
import dev.binlake.api.Column;
import dev.binlake.api.ColumnType;
import dev.binlake.api.DmsFile;
import dev.binlake.api.ErrorCode;
import dev.binlake.api.Op;
import dev.binlake.api.TableSchema;
import dev.binlake.files.ParquetChangeReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.MessageColumnIO;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;

/**
 * Reads AWS DMS Parquet files without Hadoop at runtime: {@link #describe} from the key and footer,
 * {@link #readRows} for warehouses that stream rows. A file with binlake metadata, a key outside
 * DMS's layout, nested columns or types that cannot be held losslessly is refused with {@link
 * ErrorCode#FILE_INVALID}.
 */
public final class DmsFileReader {
  /** DMS's change column: I, U or D. */
  public static final String OP_COLUMN = "Op";

  /** Column names binlake's history tables use themselves; a DMS column must not take them. */
  private static final List<String> RESERVED = List.of("binlake_commit_ts", "binlake_order");

  private DmsFileReader() {}

  /**
   * What a DMS file holds, from its object key and footer.
   *
   * @param prefix the key prefix the DMS layout starts under ("" for none)
   * @throws BinlakeException with {@link ErrorCode#FILE_INVALID} if it is not a DMS file binlake
   *     can load, saying why
   */
  public static DmsFile describe(Path file, String objectKey, String prefix, DmsOptions options) {
    DmsObjectKey key =
        DmsObjectKey.parse(prefix, objectKey)
            .orElseThrow(
                () ->
                    refused(
                        objectKey,
                        "its key is not in AWS DMS's layout <prefix>/<schema>/<table>/"
                            + "LOAD<8 hex digits>.parquet or .../<yyyyMMdd-HHmmss+fraction>.parquet"
                            + " under prefix '"
                            + prefix
                            + "'"));
    try (ParquetFileReader reader = ParquetChangeReader.openParquet(file, objectKey)) {
      if (reader.getFileMetaData().getKeyValueMetaData().containsKey("binlake.format-version")) {
        throw refused(objectKey, "binlake wrote it (load it as a binlake change file)");
      }
      MessageType parquet = reader.getFileMetaData().getSchema();
      long rows = reader.getRowGroups().stream().mapToLong(BlockMetaData::getRowCount).sum();
      return describe(objectKey, key, parquet, rows, options);
    } catch (IOException e) {
      throw refused(objectKey, "its footer cannot be read: " + e.getMessage());
    }
  }

  private static DmsFile describe(
      String objectKey, DmsObjectKey key, MessageType parquet, long rows, DmsOptions options) {
    List<Type> fields = parquet.getFields();
    boolean hasOp = !fields.isEmpty() && fields.get(0).getName().equals(OP_COLUMN);
    if (hasOp && !isText(fields.get(0))) {
      throw refused(objectKey, "its first column Op is " + fields.get(0) + ", not text");
    }
    Optional<String> timestamp =
        options.timestampColumn().filter(name -> parquet.containsField(name));
    if (timestamp.isPresent() && !isText(parquet.getType(timestamp.get()))) {
      throw refused(
          objectKey,
          "its timestamp column "
              + timestamp.get()
              + " is "
              + parquet.getType(timestamp.get())
              + ", not text (DMS writes it as text; check dms.timestamp-column)");
    }
    List<Column> columns = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (int i = hasOp ? 1 : 0; i < fields.size(); i++) {
      Type field = fields.get(i);
      if (timestamp.isPresent() && field.getName().equals(timestamp.get())) {
        continue;
      }
      String lower = field.getName().toLowerCase(Locale.ROOT);
      if (RESERVED.contains(lower) || lower.equals("op") || !seen.add(lower)) {
        throw refused(
            objectKey,
            "its column "
                + field.getName()
                + " clashes with another column or a history column (Op, binlake_commit_ts,"
                + " binlake_order; names compare without case)");
      }
      if (!field.isPrimitive() || field.isRepetition(Type.Repetition.REPEATED)) {
        throw refused(objectKey, "its column " + field.getName() + " is nested or repeated");
      }
      PrimitiveType primitive = field.asPrimitiveType();
      ColumnType type =
          DmsColumnTypes.of(primitive)
              .orElseThrow(
                  () ->
                      refused(
                          objectKey,
                          "its column "
                              + field.getName()
                              + " has Parquet type "
                              + DmsColumnTypes.describe(primitive)
                              + ", which binlake cannot hold without loss"));
      columns.add(
          new Column(
              field.getName(),
              type,
              !field.isRepetition(Type.Repetition.REQUIRED),
              DmsColumnTypes.describe(primitive)));
    }
    if (columns.isEmpty()) {
      throw refused(objectKey, "it has no source columns");
    }
    List<String> primaryKey = options.primaryKey(key.table());
    for (String name : primaryKey) {
      if (columns.stream().noneMatch(c -> c.name().equals(name))) {
        throw refused(
            objectKey,
            "the configured key column "
                + name
                + " of "
                + key.table()
                + " is not among its columns "
                + columns.stream().map(Column::name).toList()
                + " (fix dms.tables)");
      }
    }
    TableSchema schema = new TableSchema(key.table(), columns, primaryKey);
    return new DmsFile(objectKey, schema, key.kind(), rows, hasOp, timestamp, key.fileOrder());
  }

  private static boolean isText(Type type) {
    return type.isPrimitive()
        && type.asPrimitiveType().getPrimitiveTypeName() == PrimitiveTypeName.BINARY
        && type.getLogicalTypeAnnotation()
            instanceof LogicalTypeAnnotation.StringLogicalTypeAnnotation;
  }

  /**
   * Streams every row of a described DMS file, in file order, to {@code consumer}. Exceptions of
   * the consumer pass through unchanged.
   *
   * @throws BinlakeException with {@link ErrorCode#FILE_INVALID} if its data is damaged, an {@code
   *     Op} is not I/U/D or a timestamp is malformed
   */
  public static void readRows(Path file, DmsFile dms, DmsRowConsumer consumer) {
    try (ParquetFileReader reader = ParquetChangeReader.openParquet(file, dms.key())) {
      MessageType parquet = reader.getFileMetaData().getSchema();
      DmsRowMaterializer materializer = new DmsRowMaterializer(parquet, dms);
      MessageColumnIO columnIo = new ColumnIOFactory().getColumnIO(parquet);
      long row = 0;
      PageReadStore rowGroup;
      while ((rowGroup = nextRowGroup(reader, dms)) != null) {
        RecordReader<Object[]> records = columnIo.getRecordReader(rowGroup, materializer);
        for (long i = 0, n = rowGroup.getRowCount(); i < n; i++, row++) {
          Object[] values;
          Op op;
          String order;
          try {
            values = records.read();
            op = materializer.op(values);
            order = dms.orderOf(materializer.timestamp(values), row);
          } catch (RuntimeException e) {
            throw damaged(dms, "row " + row + ": " + e.getMessage(), e);
          }
          consumer.accept(op, materializer.timestamp(values), order, materializer.source(values));
        }
      }
    } catch (IOException e) {
      throw damaged(dms, e.toString(), e);
    }
  }

  private static PageReadStore nextRowGroup(ParquetFileReader reader, DmsFile dms) {
    try {
      return reader.readNextRowGroup();
    } catch (IOException | RuntimeException e) {
      throw damaged(dms, e.toString(), e);
    }
  }

  private static BinlakeException damaged(DmsFile dms, String why, Exception cause) {
    return new BinlakeException(
        ErrorCode.FILE_INVALID,
        cause,
        "Cannot read rows of %s: %s (the file is damaged or not what DMS writes: move it out of"
            + " the change-file prefix)",
        dms.key(),
        why);
  }

  static BinlakeException refused(String objectKey, String why) {
    return new BinlakeException(
        ErrorCode.FILE_INVALID,
        "Cannot load %s as AWS DMS output: %s (move it out of the change-file prefix, or fix the"
            + " dms settings)",
        objectKey,
        why);
  }
}
