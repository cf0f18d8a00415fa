package dev.binlake.capture.mapping;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.binlake.api.BinlakeException;
import dev.binlake.api.ChangeRecord;
import dev.binlake.api.ChangeRecord.Phase;
import dev.binlake.api.Column;
import dev.binlake.api.ColumnType;
import dev.binlake.api.ColumnType.Kind;
import dev.binlake.api.ErrorCode;
import dev.binlake.api.Op;
import dev.binlake.api.OrderKey;
import dev.binlake.api.SourceOffset;
import dev.binlake.api.TableId;
import dev.binlake.api.TableSchema;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Maps Debezium MySQL/MariaDB change records to {@link Captured} values. Not thread-safe: one
 * mapper per capture, called from the engine's consumer thread.
 */
public final class RecordMapper {
  // Sorted keys: equal offsets serialize to equal text (the sink compares them).
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .configure(
              com.fasterxml.jackson.databind.SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
  private static final String OLD_KEY_HEADER = "__debezium.oldkey";
  private static final String NEW_KEY_HEADER = "__debezium.newkey";

  private final Map<Schema, TableMapping> mappings = new IdentityHashMap<>();
  private long snapshotSequence;

  public Captured map(SourceRecord record) {
    SourceOffset offset = offsetOf(record.sourceOffset());
    if (!(record.value() instanceof Struct value) || !isEnvelope(record.valueSchema())) {
      return new Captured.Progress(offset);
    }
    Struct source = value.getStruct("source");
    String opCode = value.getString("op");
    Struct row = "d".equals(opCode) ? value.getStruct("before") : value.getStruct("after");
    TableMapping mapping = mappingFor(record, source);
    Object[] values = mapping.convert(row);
    String snapshot = source.getString("snapshot");
    boolean fromSnapshot = "r".equals(opCode);
    long file = fileNumber(source.getString("file"));
    long position = source.getInt64("pos");
    OrderKey key;
    if (fromSnapshot) {
      key = OrderKey.snapshot(file, position, ++snapshotSequence);
    } else {
      Integer rowIndex = source.getInt32("row");
      int part = record.headers().lastWithName(OLD_KEY_HEADER) != null ? 1 : 0;
      key = OrderKey.streamed(file, position, rowIndex == null ? 0 : rowIndex, part);
    }
    long commitMicros = source.getInt64("ts_ms") * 1000L;
    ChangeRecord change =
        new ChangeRecord(
            mapping.schema(),
            op(opCode),
            fromSnapshot ? Phase.SNAPSHOT : Phase.STREAM,
            key,
            commitMicros,
            values,
            offset);
    boolean endsTable =
        fromSnapshot && ("last_in_data_collection".equals(snapshot) || "last".equals(snapshot));
    boolean opensKeyUpdate = record.headers().lastWithName(NEW_KEY_HEADER) != null;
    return new Captured.Change(change, endsTable, opensKeyUpdate);
  }

  private static boolean isEnvelope(Schema schema) {
    return schema != null && schema.name() != null && schema.name().endsWith(".Envelope");
  }

  private TableMapping mappingFor(SourceRecord record, Struct source) {
    Schema valueSchema = record.valueSchema();
    TableMapping mapping = mappings.get(valueSchema);
    if (mapping == null) {
      TableId table = new TableId(source.getString("db"), source.getString("table"));
      mapping = TableMapping.of(table, valueSchema.field("after").schema(), record.keySchema());
      mappings.put(valueSchema, mapping);
    }
    return mapping;
  }

  private static Op op(String code) {
    return switch (code) {
      case "c", "r" -> Op.INSERT;
      case "u" -> Op.UPDATE;
      case "d" -> Op.DELETE;
      default ->
          throw new BinlakeException(
              ErrorCode.CAPTURE_FAILED, "Cannot map Debezium operation '%s'", code);
    };
  }

  /** {@code mariadb-bin.000042} → 42. */
  static long fileNumber(String binlogFile) {
    int dot = binlogFile.lastIndexOf('.');
    try {
      return Long.parseLong(binlogFile.substring(dot + 1));
    } catch (NumberFormatException e) {
      throw new BinlakeException(
          ErrorCode.CAPTURE_FAILED,
          e,
          "Cannot order changes of binlog file '%s': its name does not end in a number",
          binlogFile);
    }
  }

  /** The engine's offset as JSON, with the binlog file and position for people. */
  public static SourceOffset offsetOf(Map<String, ?> offset) {
    try {
      Object file = offset.get("file");
      Object pos = offset.get("pos");
      return new SourceOffset(
          JSON.writeValueAsString(offset),
          file == null ? "" : file.toString(),
          pos instanceof Number n ? n.longValue() : 0L);
    } catch (JsonProcessingException e) {
      throw new BinlakeException(ErrorCode.INTERNAL, e, "Cannot serialize offset %s", offset);
    }
  }

  /** The table's shape and converters for one version of its Connect schema. */
  private record TableMapping(
      TableSchema schema, ColumnMapping[] columns, Field[] fields, boolean tracksUnrepresentable) {
    static TableMapping of(TableId table, Schema rowSchema, Schema keySchema) {
      List<ColumnMapping> columns = new ArrayList<>();
      for (Field field : rowSchema.fields()) {
        columns.add(ColumnMapping.of(field));
      }
      boolean tracks = columns.stream().anyMatch(ColumnMapping::mayBeUnrepresentable);
      List<Column> schemaColumns =
          new ArrayList<>(columns.stream().map(ColumnMapping::column).toList());
      if (tracks) {
        schemaColumns.add(
            new Column(ColumnMapping.UNREPRESENTABLE_COLUMN, ColumnType.of(Kind.STRING), true, ""));
      }
      List<String> key = new ArrayList<>();
      if (keySchema != null) {
        for (Field field : keySchema.fields()) {
          key.add(field.name());
        }
      }
      TableSchema schema = new TableSchema(table, schemaColumns, key);
      return new TableMapping(
          schema,
          columns.toArray(new ColumnMapping[0]),
          rowSchema.fields().toArray(new Field[0]),
          tracks);
    }

    Object[] convert(Struct row) {
      Object[] values = new Object[schema.columns().size()];
      StringBuilder unrepresentable = null;
      for (int i = 0; i < columns.length; i++) {
        // Not Struct.get: it returns the column's DEFAULT where the value is null.
        Object value = columns[i].convert(row.getWithoutDefault(fields[i].name()));
        if (value == ColumnMapping.UNREPRESENTABLE) {
          value = null;
          unrepresentable =
              unrepresentable == null ? new StringBuilder() : unrepresentable.append(',');
          unrepresentable.append(columns[i].column().name());
        }
        values[i] = value;
      }
      if (tracksUnrepresentable && unrepresentable != null) {
        values[columns.length] = unrepresentable.toString();
      }
      return values;
    }
  }
}
