package dev.binlake.capture.binlog;

import com.github.shyiko.mysql.binlog.event.TableMapEventData;
import com.github.shyiko.mysql.binlog.event.TableMapEventMetadata;
import dev.binlake.api.Column;
import dev.binlake.api.MetadataColumns;
import dev.binlake.api.TableId;
import dev.binlake.api.TableSchema;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Objects;

/**
 * One table map of an included table, checked against the shape binlake last stored for the table
 * (which Debezium's schema made): the row values of the binlog decode into exactly that shape, or
 * the table is not for the direct reader ({@link #of} says why) and Debezium reads on.
 *
 * <p>The table map must carry the server's full row metadata ({@code binlog_row_metadata=FULL}):
 * column names, signedness, character sets, ENUM and SET values.
 */
final class BinlogTable {
  private final TableSchema schema;
  private final ColumnDecoder[] decoders;
  private final int[] keyColumns;
  private final boolean tracksUnrepresentable;

  private BinlogTable(
      TableSchema schema, ColumnDecoder[] decoders, int[] keyColumns, boolean tracks) {
    this.schema = schema;
    this.decoders = decoders;
    this.keyColumns = keyColumns;
    this.tracksUnrepresentable = tracks;
  }

  /**
   * The decoded table, or the reason the direct reader leaves it to Debezium; {@code lasting} when
   * the reason does not go away (a column type it does not decode), unlike a stored shape that an
   * ALTER made older.
   */
  record Resolved(BinlogTable table, String reason, boolean lasting) {}

  static Resolved of(TableMapEventData map, TableSchema reference, Collations collations) {
    TableId id = reference.table();
    TableMapEventMetadata metadata = map.getEventMetadata();
    if (metadata == null || metadata.getColumnNames() == null) {
      return refused(
          "the table map of %s has no column names (binlog_row_metadata is not FULL)", id);
    }
    List<String> names = metadata.getColumnNames();
    List<Column> columns = sourceColumns(reference);
    if (!names.equals(columns.stream().map(Column::name).toList())) {
      return refused("the binlog's columns of %s %s differ from its stored shape", id, names);
    }
    byte[] types = map.getColumnTypes();
    int[] meta = map.getColumnMetadata();
    BitSet nullable = map.getColumnNullability();
    RowMetadata rows = new RowMetadata(metadata, types, meta);
    ColumnDecoder[] decoders = new ColumnDecoder[names.size()];
    for (int i = 0; i < decoders.length; i++) {
      RowMetadata.RawColumn raw = rows.column(i, collations);
      boolean isNullable = nullable != null && nullable.get(i);
      String stale = ColumnDecoders.staleness(raw, columns.get(i), isNullable);
      if (stale != null) {
        return refused(
            "column %s.%s: %s (DEBUG signedness %s types %s)",
            id, names.get(i), stale, metadata.getSignedness(), Arrays.toString(types));
      }
      ColumnDecoder decoder = ColumnDecoders.of(raw, columns.get(i), isNullable);
      if (decoder == null && !ColumnDecoders.decodes(raw)) {
        return new Resolved(
            null,
            String.format(
                "column %s.%s (binlog type %d) is not decoded by binlake's reader",
                id, names.get(i), raw.type()),
            true);
      }
      if (decoder == null) {
        return refused(
            "column %s.%s (binlog type %d, stored as %s) is not decoded directly",
            id, names.get(i), types[i] & 0xFF, columns.get(i).type());
      }
      decoders[i] = decoder;
    }
    int[] keys = reference.primaryKey().stream().mapToInt(reference::indexOf).toArray();
    boolean tracks = reference.columns().size() > columns.size();
    return new Resolved(new BinlogTable(reference, decoders, keys, tracks), null, false);
  }

  private static Resolved refused(String format, Object... args) {
    return new Resolved(null, String.format(format, args), false);
  }

  /** The reference's columns without binlake's own trailing metadata column. */
  private static List<Column> sourceColumns(TableSchema reference) {
    List<Column> columns = new ArrayList<>(reference.columns());
    if (!columns.isEmpty()
        && columns.get(columns.size() - 1).name().equals(MetadataColumns.UNREPRESENTABLE)) {
      columns.remove(columns.size() - 1);
    }
    return columns;
  }

  TableSchema schema() {
    return schema;
  }

  /** The row's values in the stored shape (with the unrepresentable column's names, if kept). */
  Object[] values(Serializable[] row) {
    Object[] values = new Object[schema.columns().size()];
    StringBuilder unrepresentable = null;
    for (int i = 0; i < decoders.length; i++) {
      Object value = row[i] == null ? decoders[i].ofNull() : decoders[i].decode(row[i]);
      if (value == ColumnDecoder.UNREPRESENTABLE) {
        value = null;
        unrepresentable =
            unrepresentable == null ? new StringBuilder() : unrepresentable.append(',');
        unrepresentable.append(schema.columns().get(i).name());
      }
      values[i] = value;
    }
    if (tracksUnrepresentable && unrepresentable != null) {
      values[decoders.length] = unrepresentable.toString();
    }
    return values;
  }

  /** Whether an update changed the primary key (Debezium then gives a delete and an insert). */
  boolean keyChanged(Object[] before, Object[] after) {
    for (int index : keyColumns) {
      if (!Objects.deepEquals(before[index], after[index])) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return schema.table() + Arrays.toString(decoders);
  }
}
