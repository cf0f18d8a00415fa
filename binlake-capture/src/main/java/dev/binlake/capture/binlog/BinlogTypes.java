package dev.binlake.capture.binlog;

import com.github.shyiko.mysql.binlog.event.deserialization.ColumnType;

/** Groups of the binlog's column type codes. */
final class BinlogTypes {
  private BinlogTypes() {}

  static boolean isInteger(int type) {
    return type == ColumnType.TINY.getCode()
        || type == ColumnType.SHORT.getCode()
        || type == ColumnType.INT24.getCode()
        || type == ColumnType.LONG.getCode()
        || type == ColumnType.LONGLONG.getCode();
  }

  /** Types with a signedness bit in the full row metadata. */
  static boolean isNumeric(int type) {
    return isInteger(type)
        || type == ColumnType.FLOAT.getCode()
        || type == ColumnType.DOUBLE.getCode()
        || type == ColumnType.NEWDECIMAL.getCode()
        || type == ColumnType.DECIMAL.getCode();
  }

  /** VARCHAR and the BLOB/TEXT types: variable-length strings, text or binary. */
  static boolean isVariableString(int type) {
    return type == ColumnType.VARCHAR.getCode()
        || type == ColumnType.VAR_STRING.getCode()
        || type == ColumnType.TINY_BLOB.getCode()
        || type == ColumnType.MEDIUM_BLOB.getCode()
        || type == ColumnType.LONG_BLOB.getCode()
        || type == ColumnType.BLOB.getCode();
  }

  /** Types whose values carry a character set in the full row metadata (binary ones too). */
  static boolean isCharacter(int type) {
    return isVariableString(type)
        || type == ColumnType.STRING.getCode()
        || type == ColumnType.GEOMETRY.getCode()
        || type == ColumnType.JSON.getCode();
  }
}
