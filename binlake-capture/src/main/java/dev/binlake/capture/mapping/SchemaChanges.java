package dev.binlake.capture.mapping;

import dev.binlake.api.OrderKey;
import dev.binlake.api.SourceOffset;
import dev.binlake.api.TableId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;

/**
 * Reads Debezium's schema change records ({@code include.schema.changes}): which tables a {@code
 * DROP TABLE} (or {@code DROP DATABASE}) removed, and the old names of renamed tables. Each table
 * change names its table as {@code "db"."table"}; Debezium keeps only the tables its filter
 * includes.
 */
final class SchemaChanges {
  private SchemaChanges() {}

  /** The tables a schema change record drops, if it is one that drops any. */
  static Optional<Captured.TablesDropped> dropped(Struct value, SourceOffset offset) {
    Schema schema = value.schema();
    if (schema.field("tableChanges") == null || schema.field("source") == null) {
      return Optional.empty();
    }
    if (isSnapshot(value.getStruct("source"))) {
      // A snapshot records each table as DROP TABLE IF EXISTS + CREATE TABLE: not a drop. (In a
      // new snapshot over stored history a DROP marker there would hide the snapshot's rows.)
      return Optional.empty();
    }
    List<Object> changes = value.getArray("tableChanges");
    List<TableId> tables = new ArrayList<>();
    if (changes != null) {
      for (Object change : changes) {
        if (change instanceof Struct struct && "DROP".equals(struct.getString("type"))) {
          parseId(struct.getString("id")).ifPresent(tables::add);
        }
      }
    }
    // A renamed table's old name is gone from the source: its view empties as after a DROP.
    if (schema.field("ddl") != null && schema.field("databaseName") != null) {
      for (TableRenames.Rename rename :
          TableRenames.of(value.getString("ddl"), value.getString("databaseName"))) {
        if (!tables.contains(rename.from()) && !rename.from().equals(rename.to())) {
          tables.add(rename.from());
        }
      }
    }
    if (tables.isEmpty()) {
      return Optional.empty();
    }
    Struct source = value.getStruct("source");
    OrderKey key =
        OrderKey.streamed(
            RecordMapper.fileNumber(source.getString("file")), source.getInt64("pos"), 0, 0);
    return Optional.of(
        new Captured.TablesDropped(tables, key, source.getInt64("ts_ms") * 1000L, offset));
  }

  private static boolean isSnapshot(Struct source) {
    if (source == null || source.schema().field("snapshot") == null) {
      return false;
    }
    Object snapshot = source.get("snapshot");
    return snapshot != null && !"false".equals(snapshot.toString());
  }

  /** {@code "db"."t"} (doubled quotes inside a name) or {@code db.t} → the table; else empty. */
  static Optional<TableId> parseId(String id) {
    if (id == null) {
      return Optional.empty();
    }
    List<String> parts = new ArrayList<>();
    StringBuilder part = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      if (c == '"') {
        if (quoted && i + 1 < id.length() && id.charAt(i + 1) == '"') {
          part.append('"');
          i++;
        } else {
          quoted = !quoted;
        }
      } else if (c == '.' && !quoted) {
        parts.add(part.toString());
        part.setLength(0);
      } else {
        part.append(c);
      }
    }
    parts.add(part.toString());
    parts.removeIf(String::isEmpty); // MySQL ids are "db".."t" style when the schema part is empty
    if (parts.size() != 2) {
      return Optional.empty();
    }
    return Optional.of(new TableId(parts.get(0), parts.get(1)));
  }
}
