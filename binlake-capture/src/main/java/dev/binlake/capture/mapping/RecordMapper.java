package dev.binlake.capture.mapping;

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
import dev.binlake.capture.columns.ColumnRules;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Maps Debezium MySQL/MariaDB change records to {@link Captured} values. Not thread-safe: one
 * mapper per capture, called from the engine's consumer thread.
 */
public final class RecordMapper {
  private static final String OLD_KEY_HEADER = "__debezium.oldkey";
  private static final String NEW_KEY_HEADER = "__debezium.newkey";

  private final Map<Schema, TableMapping> mappings = new IdentityHashMap<>();
  private final Map<Schema, EnvelopeFields> envelopes = new IdentityHashMap<>();
  private final OffsetJson offsetJson = new OffsetJson();
  private final ColumnRules columnRules;
  private String lastBinlogFile;
  private long lastBinlogFileNumber;
  private long snapshotSequence;

  public RecordMapper() {
    this(ColumnRules.none());
  }

  /** A mapper that drops and hashes columns as {@code columnRules} say. */
  public RecordMapper(ColumnRules columnRules) {
    this.columnRules = columnRules;
  }

  public Captured map(SourceRecord record) {
    SourceOffset offset = offsetOf(record.sourceOffset(), offsetJson);
    if (!(record.value() instanceof Struct value) || !isEnvelope(record.valueSchema())) {
      return record.value() instanceof Struct change
          ? SchemaChanges.dropped(change, offset)
              .<Captured>map(d -> d)
              .orElse(new Captured.Progress(offset))
          : new Captured.Progress(offset);
    }
    EnvelopeFields envelope = envelopeFields(value);
    Struct source = (Struct) EnvelopeFields.raw(value, envelope.source(), "source");
    String opCode = (String) EnvelopeFields.raw(value, envelope.op(), "op");
    if ("t".equals(opCode)) {
      return truncate(record, source, offset);
    }
    Struct row =
        "d".equals(opCode)
            ? (Struct) EnvelopeFields.raw(value, envelope.before(), "before")
            : (Struct) EnvelopeFields.raw(value, envelope.after(), "after");
    TableMapping mapping = mappingFor(record, source);
    Object[] values = mapping.convert(row);
    boolean byField = envelope.readsSource(source);
    String snapshot = (String) sourceValue(source, byField, envelope.snapshot(), "snapshot");
    boolean fromSnapshot = "r".equals(opCode);
    long file = cachedFileNumber((String) sourceValue(source, byField, envelope.file(), "file"));
    long position = (Long) sourceValue(source, byField, envelope.pos(), "pos");
    // One pass over the headers (usually none) for both halves of a primary-key update.
    boolean closesKeyUpdate = false;
    boolean opensKeyUpdate = false;
    if (!record.headers().isEmpty()) {
      for (Header header : record.headers()) {
        closesKeyUpdate |= OLD_KEY_HEADER.equals(header.key());
        opensKeyUpdate |= NEW_KEY_HEADER.equals(header.key());
      }
    }
    OrderKey key;
    if (fromSnapshot) {
      key = OrderKey.snapshot(file, position, ++snapshotSequence);
    } else {
      Integer rowIndex = (Integer) sourceValue(source, byField, envelope.row(), "row");
      int part = closesKeyUpdate ? 1 : 0;
      key = OrderKey.streamed(file, position, rowIndex == null ? 0 : rowIndex, part);
    }
    long commitMicros = (Long) sourceValue(source, byField, envelope.tsMs(), "ts_ms") * 1000L;
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
    return new Captured.Change(change, endsTable, opensKeyUpdate);
  }

  /** The envelope's fields, looked up once per envelope schema (by name if it is unusual). */
  private EnvelopeFields envelopeFields(Struct value) {
    Schema schema = value.schema();
    EnvelopeFields fields = envelopes.get(schema);
    if (fields == null) {
      fields = EnvelopeFields.of(schema);
      envelopes.put(schema, fields);
    }
    return fields;
  }

  private static Object sourceValue(Struct source, boolean byField, Field field, String name) {
    return byField ? EnvelopeFields.raw(source, field, name) : source.getWithoutDefault(name);
  }

  /** A TRUNCATE: a {@link Op#TRUNCATE} marker at the statement's position, every column NULL. */
  private Captured truncate(SourceRecord record, Struct source, SourceOffset offset) {
    TableSchema schema = mappingFor(record, source).schema().withOptionalColumns();
    OrderKey key =
        OrderKey.streamed(fileNumber(source.getString("file")), source.getInt64("pos"), 0, 0);
    return new Captured.Change(
        new ChangeRecord(
            schema,
            Op.TRUNCATE,
            Phase.STREAM,
            key,
            source.getInt64("ts_ms") * 1000L,
            new Object[schema.columns().size()],
            offset),
        false);
  }

  private static boolean isEnvelope(Schema schema) {
    return schema != null && schema.name() != null && schema.name().endsWith(".Envelope");
  }

  private TableMapping mappingFor(SourceRecord record, Struct source) {
    Schema valueSchema = record.valueSchema();
    TableMapping mapping = mappings.get(valueSchema);
    if (mapping == null) {
      TableId table = new TableId(source.getString("db"), source.getString("table"));
      mapping =
          TableMapping.of(
              table, valueSchema.field("after").schema(), record.keySchema(), columnRules);
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

  /**
   * {@link #fileNumber(String)}, remembering the last file: rows come in long runs from one file.
   */
  private long cachedFileNumber(String binlogFile) {
    if (!binlogFile.equals(lastBinlogFile)) {
      lastBinlogFileNumber = fileNumber(binlogFile);
      lastBinlogFile = binlogFile;
    }
    return lastBinlogFileNumber;
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
    return offsetOf(offset, new OffsetJson());
  }

  private static SourceOffset offsetOf(Map<String, ?> offset, OffsetJson json) {
    Object file = offset.get("file");
    Object pos = offset.get("pos");
    return new SourceOffset(
        json.write(offset),
        file == null ? "" : file.toString(),
        pos instanceof Number n ? n.longValue() : 0L);
  }

  /** The table's shape and converters for one version of its Connect schema. */
  private record TableMapping(
      TableSchema schema,
      ColumnMapping[] columns,
      Field[] fields,
      boolean tracksUnrepresentable,
      Schema rowSchema) {
    static TableMapping of(TableId table, Schema rowSchema, Schema keySchema, ColumnRules rules) {
      List<ColumnMapping> columns = new ArrayList<>();
      List<Field> fields = new ArrayList<>();
      for (Field field : rowSchema.fields()) {
        ColumnMapping column = ColumnMapping.of(field);
        if (!rules.isEmpty()) {
          if (rules.excludes(table, field.name())) {
            continue;
          }
          if (rules.hashes(table, field.name())) {
            column = column.hashed(rules.hash());
          }
        }
        columns.add(column);
        fields.add(field);
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
          if (rules.excludes(table, field.name())) {
            throw new BinlakeException(
                ErrorCode.CONFIG_INVALID,
                "Cannot exclude column %s.%s: it is part of the primary key, which the latest"
                    + " view needs (hash it with source.columns.hash instead, or exclude the"
                    + " table with source.exclude)",
                table,
                field.name());
          }
          key.add(field.name());
        }
      }
      TableSchema schema = new TableSchema(table, schemaColumns, key);
      return new TableMapping(
          schema,
          columns.toArray(new ColumnMapping[0]),
          fields.toArray(new Field[0]),
          tracks,
          rowSchema);
    }

    Object[] convert(Struct row) {
      Object[] values = new Object[schema.columns().size()];
      boolean byField = row.schema() == rowSchema;
      StringBuilder unrepresentable = null;
      for (int i = 0; i < columns.length; i++) {
        // Never the column's DEFAULT where the value is null (EnvelopeFields.raw).
        Object value =
            columns[i].convert(
                byField
                    ? EnvelopeFields.raw(row, fields[i], fields[i].name())
                    : row.getWithoutDefault(fields[i].name()));
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
