package dev.binlake.capture.binlog;

import com.github.shyiko.mysql.binlog.event.TableMapEventMetadata;
import com.github.shyiko.mysql.binlog.event.deserialization.ColumnType;
import java.util.List;
import java.util.Map;

/**
 * The per-column facts of a table map: the real type (ENUM and SET hide inside STRING), the type's
 * metadata, and from the full row metadata the collation of each character column and the values of
 * each ENUM and SET column, which the server lists in column order among columns of their kind.
 */
final class RowMetadata {
  private final byte[] types;
  private final int[] metadata;
  private final int[] collations;
  private final String[][] values;
  private final boolean[] unsigned;

  RowMetadata(TableMapEventMetadata full, byte[] types, int[] metadata) {
    this.types = types;
    this.metadata = metadata;
    this.collations = new int[types.length];
    this.values = new String[types.length][];
    this.unsigned = new boolean[types.length];
    // The client library places each numeric column's signedness bit at the column's position.
    java.util.BitSet signedness = full.getSignedness();
    List<Integer> columnCharsets = full.getColumnCharsets();
    TableMapEventMetadata.DefaultCharset defaults = full.getDefaultCharset();
    List<String[]> enums = full.getEnumStrValues();
    List<String[]> sets = full.getSetStrValues();
    int character = 0;
    int enumIndex = 0;
    int setIndex = 0;
    for (int i = 0; i < types.length; i++) {
      int type = realType(i);
      collations[i] = -1;
      unsigned[i] = BinlogTypes.isNumeric(type) && signedness != null && signedness.get(i);
      if (type == ColumnType.ENUM.getCode()) {
        values[i] = enums == null || enumIndex >= enums.size() ? null : enums.get(enumIndex);
        enumIndex++;
      } else if (type == ColumnType.SET.getCode()) {
        values[i] = sets == null || setIndex >= sets.size() ? null : sets.get(setIndex);
        setIndex++;
      } else if (BinlogTypes.isCharacter(type)) {
        collations[i] = collation(character, columnCharsets, defaults);
        character++;
      }
    }
  }

  private static int collation(
      int character, List<Integer> columnCharsets, TableMapEventMetadata.DefaultCharset defaults) {
    if (columnCharsets != null && character < columnCharsets.size()) {
      return columnCharsets.get(character);
    }
    if (defaults != null) {
      Map<Integer, Integer> exceptions = defaults.getCharsetCollations();
      Integer collation = exceptions == null ? null : exceptions.get(character);
      return collation != null ? collation : defaults.getDefaultCharsetCollation();
    }
    return -1;
  }

  /** The column's type; for STRING, the real type its metadata names (ENUM, SET or STRING). */
  int realType(int column) {
    int type = types[column] & 0xFF;
    if (type == ColumnType.STRING.getCode() && metadata[column] >= 256) {
      int real = metadata[column] >> 8;
      if ((real & 0x30) != 0x30) {
        return real | 0x30;
      }
      return real;
    }
    return type;
  }

  /** A fixed-length STRING column's length in bytes (its metadata packs it with the real type). */
  private int stringLength(int column) {
    int meta = metadata[column];
    if (meta < 256) {
      return meta;
    }
    int high = meta >> 8;
    int low = meta & 0xFF;
    return (high & 0x30) != 0x30 ? low | (((high & 0x30) ^ 0x30) << 4) : low;
  }

  RawColumn column(int column, Collations known) {
    int collation = collations[column];
    int type = realType(column);
    return new RawColumn(
        type,
        type == ColumnType.STRING.getCode() ? stringLength(column) : metadata[column],
        collation,
        collation < 0 ? null : known.charset(collation).orElse(null),
        values[column],
        unsigned[column]);
  }

  /**
   * @param metadata the type's metadata; for a fixed-length STRING its length in bytes
   * @param collation the column's collation id, -1 for columns without one
   * @param charset how its text decodes; null for binary values and unknown sets
   * @param values an ENUM's or SET's values
   * @param unsigned whether a numeric column is UNSIGNED
   */
  record RawColumn(
      int type,
      int metadata,
      int collation,
      java.nio.charset.Charset charset,
      String[] values,
      boolean unsigned) {
    boolean isBinary() {
      return collation == Collations.BINARY;
    }
  }
}
