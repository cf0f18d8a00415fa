package dev.binlake.files;

import dev.binlake.api.ChangeFile;
import dev.binlake.api.ChangeRecord;
import dev.binlake.api.Column;
import dev.binlake.api.Op;
import dev.binlake.api.OrderKey;
import dev.binlake.api.SourceOffset;
import dev.binlake.api.TableSchema;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;

/**
 * Writes one table's change records as Parquet records and tracks what the trailer metadata needs
 * (row count, first and last key, last offset). Records must arrive in strictly increasing order
 * key: that is what makes {@code binlake.first-key}/{@code last-key} the file's key range.
 */
final class ChangeWriteSupport extends WriteSupport<ChangeRecord> {
  private static final Map<Op, Binary> OP_CODES = new EnumMap<>(Op.class);

  static {
    for (Op op : Op.values()) {
      OP_CODES.put(op, Binary.fromString(op.code()));
    }
  }

  private final TableSchema schema;
  private final MessageType messageType;
  private final ChangeFile.Kind kind;
  private final List<Column> columns;
  private final String[] names;
  private final Object[] converted;
  private RecordConsumer consumer;

  private long rowCount;
  private OrderKey first;
  private OrderKey last;
  private SourceOffset lastOffset;

  ChangeWriteSupport(TableSchema schema, ChangeFile.Kind kind) {
    this.schema = schema;
    this.messageType = ColumnMapping.messageType(schema);
    this.kind = kind;
    this.columns = schema.columns();
    this.names = columns.stream().map(Column::name).toArray(String[]::new);
    this.converted = new Object[columns.size()];
  }

  @Override
  public WriteContext init(ParquetConfiguration configuration) {
    return new WriteContext(messageType, ChangeFileMetadata.header(schema, kind));
  }

  /** Required by the abstract class; parquet calls the ParquetConfiguration variant above. */
  @Override
  @SuppressWarnings("deprecation") // overriding the abstract Hadoop variant is unavoidable
  public WriteContext init(org.apache.hadoop.conf.Configuration configuration) {
    return init((ParquetConfiguration) null);
  }

  @Override
  public void prepareForWrite(RecordConsumer recordConsumer) {
    this.consumer = recordConsumer;
  }

  /**
   * Checks and converts every value first, so a bad record throws before anything of it reaches the
   * file and the writer stays usable.
   */
  void check(ChangeRecord record) {
    if (record.schema() != schema && !record.schema().equals(schema)) {
      throw new IllegalArgumentException(
          "record of "
              + record.table()
              + " has a different"
              + " schema than the file of "
              + schema.table()
              + " it is written to (open a new file"
              + " when the table's schema changes)");
    }
    if (last != null && !record.orderKey().isAfter(last)) {
      throw new IllegalArgumentException(
          "order key "
              + record.orderKey()
              + " of "
              + schema.table()
              + " is not after the previous one "
              + last
              + " (records must be written in order)");
    }
    Object[] values = record.values();
    for (int i = 0; i < values.length; i++) {
      Object value = values[i];
      Column column = columns.get(i);
      if (value == null) {
        if (!column.optional()) {
          throw new IllegalArgumentException(
              "column " + column.name() + " of " + schema.table() + " is not optional but null");
        }
        converted[i] = null;
      } else {
        converted[i] = ColumnMapping.toParquet(column, value);
      }
    }
  }

  /** Writes a record that {@link #check} accepted last. */
  @Override
  public void write(ChangeRecord record) {
    consumer.startMessage();
    consumer.startField(ColumnMapping.OP, 0);
    consumer.addBinary(OP_CODES.get(record.op()));
    consumer.endField(ColumnMapping.OP, 0);
    consumer.startField(ColumnMapping.COMMIT_TS, 1);
    consumer.addLong(record.commitTimeMicros());
    consumer.endField(ColumnMapping.COMMIT_TS, 1);
    consumer.startField(ColumnMapping.ORDER, 2);
    // Order keys are ASCII digits and dashes: their Latin-1 bytes are their UTF-8 bytes.
    consumer.addBinary(
        Binary.fromConstantByteArray(
            record.orderKey().value().getBytes(StandardCharsets.ISO_8859_1)));
    consumer.endField(ColumnMapping.ORDER, 2);
    for (int i = 0; i < converted.length; i++) {
      Object value = converted[i];
      if (value == null) {
        continue;
      }
      int index = i + ColumnMapping.LEADING_COLUMNS;
      consumer.startField(names[i], index);
      if (value instanceof Binary) {
        consumer.addBinary((Binary) value);
      } else if (value instanceof Long) {
        consumer.addLong((Long) value);
      } else if (value instanceof Integer) {
        consumer.addInteger((Integer) value);
      } else if (value instanceof Double) {
        consumer.addDouble((Double) value);
      } else if (value instanceof Float) {
        consumer.addFloat((Float) value);
      } else {
        consumer.addBoolean((Boolean) value);
      }
      consumer.endField(names[i], index);
      converted[i] = null;
    }
    consumer.endMessage();
    if (first == null) {
      first = record.orderKey();
    }
    last = record.orderKey();
    lastOffset = record.offset();
    rowCount++;
  }

  @Override
  public FinalizedWriteContext finalizeWrite() {
    if (rowCount == 0) {
      return new FinalizedWriteContext(Map.of());
    }
    return new FinalizedWriteContext(ChangeFileMetadata.trailer(rowCount, first, last, lastOffset));
  }

  long rowCount() {
    return rowCount;
  }

  OrderKey first() {
    return first;
  }

  OrderKey last() {
    return last;
  }

  SourceOffset lastOffset() {
    return lastOffset;
  }
}
