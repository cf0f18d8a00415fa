package dev.binlake.cli.validate;

import dev.binlake.api.TableId;
import java.math.BigInteger;
import java.util.Optional;

/**
 * How one warehouse's SQL spells what the checksum queries need ({@link WarehouseSql} builds the
 * queries from these pieces): names, the column listing of a history table, text and hash
 * functions, integer arithmetic on partition values, and each kind of column's canonical text
 * (which must equal what {@link CanonicalColumn} computes on the source).
 */
interface WarehouseDialect {
  /** A quoted identifier (standard SQL: double quotes). */
  default String quote(String name) {
    return '"' + name.replace("\"", "\"\"") + '"';
  }

  /** The history table of a source table, fully named. */
  default String historyTable(TableId table) {
    return quote(table.schema()) + "." + quote(table.table() + "_history");
  }

  /** A query of the history table's columns: rows of (column name, type name), any order. */
  String columnsQuery(TableId table);

  /** An expression as text. */
  String toText(String expression);

  /** The field separator of canonical rows, U+001F. */
  default String separator() {
    return "chr(31)";
  }

  /** The MD5 of a text's UTF-8 bytes as 32 lower-case hex digits. */
  default String md5Hex(String text) {
    return "md5(" + text + ")";
  }

  /** At most 8 hex digits as a (non-negative) integer. */
  String hexToInteger(String hex);

  /** An integer key column as a number wide enough for every key and range bound. */
  String integerKey(String column);

  /** An integer literal that may exceed 64 bits. */
  default String number(BigInteger value) {
    return value.toString();
  }

  /** Integer division of non-negative numbers. */
  String divide(String dividend, String divisor);

  /** Decimal text without trailing zeros after the point (and without a trailing point). */
  default String withoutTrailingZeros(String text) {
    return "CASE WHEN STRPOS("
        + text
        + ", '.') > 0 THEN RTRIM(RTRIM("
        + text
        + ", '0'), '.') ELSE "
        + text
        + " END";
  }

  /**
   * The canonical text of a column of {@code kind} whose warehouse type is {@code warehouseType};
   * empty when this warehouse cannot give the source's text (values are then compared as present or
   * NULL only).
   */
  Optional<String> canonical(CanonicalColumn.Kind kind, String column, String warehouseType);
}
