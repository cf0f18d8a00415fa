package dev.binlake.cli.validate;

import java.math.BigInteger;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The checksum queries in one warehouse's dialect. They read the history table as of the source's
 * consistent point: per key the latest change ordered before it and after the latest table marker
 * (TRUNCATE, DROP TABLE) before it, deletes removed, the latest view's rule. The range filter
 * depends on key columns only, so it is applied before the window.
 */
final class WarehouseSql {
  /** Row hashes are summed as {@value} slices of 8 hex digits (32 bits) on both sides. */
  static final int SLICES = 4;

  private final WarehouseDialect dialect;

  WarehouseSql(WarehouseDialect dialect) {
    this.dialect = dialect;
  }

  String text(List<CanonicalColumn> columns) {
    return columns.stream()
        .map(c -> "COALESCE('+' || (" + c.warehouse() + "), '-')")
        .collect(Collectors.joining(" || " + dialect.separator() + " || ", "(", ")"));
  }

  String partition(KeyDomain domain) {
    return domain
        .integerColumn()
        .map(c -> dialect.integerKey(dialect.quote(c)))
        .orElseGet(
            () ->
                dialect.hexToInteger("SUBSTR(" + dialect.md5Hex(text(domain.keys())) + ", 1, 8)"));
  }

  /** The latest row per key as of {@code before} (an order-key prefix), in {@code range}. */
  String latest(TableShape shape, String before, Range range) {
    String p = partition(shape.domain());
    String keys = shape.keyNames().stream().map(dialect::quote).collect(Collectors.joining(", "));
    return "(SELECT * FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY "
        + keys
        + " ORDER BY "
        + dialect.quote("binlake_order")
        + " DESC) AS binlake_rank FROM "
        + dialect.historyTable(shape.table())
        + " WHERE "
        + dialect.quote("binlake_order")
        + " < '"
        + before
        + "' AND "
        + dialect.quote("binlake_order")
        + " > "
        + lastMarker(shape, before)
        + " AND "
        + p
        + " >= "
        + dialect.number(range.lo())
        + " AND "
        + p
        + " < "
        + dialect.number(range.hi())
        + ") AS binlake_changes WHERE binlake_rank = 1 AND "
        + dialect.quote("Op")
        + " <> 'D')"
        + " AS binlake_latest";
  }

  /**
   * The order key of the table's latest TRUNCATE / DROP TABLE marker before {@code before}, or
   * {@code ''}: the latest view shows only changes after it.
   */
  String lastMarker(TableShape shape, String before) {
    return "COALESCE((SELECT MAX("
        + dialect.quote("binlake_order")
        + ") FROM "
        + dialect.historyTable(shape.table())
        + " WHERE "
        + dialect.quote("Op")
        + " IN ("
        + dev.binlake.api.Op.MARKER_CODES_SQL
        + ") AND "
        + dialect.quote("binlake_order")
        + " < '"
        + before
        + "'), '')";
  }

  String sums(TableShape shape, String before, Range range, BigInteger partWidth) {
    String p = partition(shape.domain());
    StringBuilder slices = new StringBuilder();
    for (int i = 0; i < SLICES; i++) {
      slices
          .append(", ")
          .append(
              dialect.toText(
                  "SUM(" + dialect.hexToInteger("SUBSTR(h, " + (1 + 8 * i) + ", 8)") + ")"));
    }
    return "SELECT "
        + dialect.toText("part")
        + ", COUNT(*)"
        + slices
        + " FROM (SELECT "
        + dialect.divide(p + " - " + dialect.number(range.lo()), dialect.number(partWidth))
        + " AS part, "
        + dialect.md5Hex(text(shape.columns()))
        + " AS h FROM "
        + latest(shape, before, range)
        + ") AS binlake_rows GROUP BY part";
  }

  String rows(TableShape shape, String before, Range range) {
    return "SELECT "
        + text(shape.domain().keys())
        + ", "
        + shape.columns().stream()
            .map(c -> dialect.md5Hex(text(List.of(c))))
            .collect(Collectors.joining(", "))
        + " FROM "
        + latest(shape, before, range);
  }

  String bounds(TableShape shape, String before) {
    String p = partition(shape.domain());
    return "SELECT "
        + dialect.withoutTrailingZeros(dialect.toText("MIN(" + p + ")"))
        + ", "
        + dialect.withoutTrailingZeros(dialect.toText("MAX(" + p + ")"))
        + " FROM "
        + dialect.historyTable(shape.table())
        + " WHERE "
        + dialect.quote("binlake_order")
        + " < '"
        + before
        + "'";
  }
}
