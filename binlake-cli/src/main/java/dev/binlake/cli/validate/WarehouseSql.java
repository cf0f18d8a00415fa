package dev.binlake.cli.validate;

import java.math.BigInteger;
import java.util.List;
import java.util.stream.Collectors;

/**
 * DuckDB SQL of the checksum queries. They read the history table as of the source's consistent
 * point: per key the latest change ordered before it, deletes removed, the latest view's rule. The
 * range filter depends on key columns only, so it is applied before the window.
 */
final class WarehouseSql {
  private WarehouseSql() {}

  static String quote(String name) {
    return '"' + name.replace("\"", "\"\"") + '"';
  }

  static String history(TableShape shape) {
    return quote(shape.table().schema()) + "." + quote(shape.table().table() + "_history");
  }

  static String text(List<CanonicalColumn> columns) {
    return columns.stream()
        .map(c -> "coalesce('+' || (" + c.warehouse() + "), '-')")
        .collect(Collectors.joining(" || chr(31) || ", "(", ")"));
  }

  static String partition(KeyDomain domain) {
    return domain
        .integerColumn()
        .map(c -> "CAST(" + quote(c) + " AS HUGEINT)")
        .orElseGet(
            () -> "CAST(('0x' || substr(md5(" + text(domain.keys()) + "), 1, 8)) AS BIGINT)");
  }

  /** The latest row per key as of {@code before} (an order-key prefix), in {@code range}. */
  static String latest(TableShape shape, String before, Range range) {
    String p = partition(shape.domain());
    String keys =
        shape.keyNames().stream().map(WarehouseSql::quote).collect(Collectors.joining(", "));
    return "(SELECT * FROM (SELECT *, row_number() OVER (PARTITION BY "
        + keys
        + " ORDER BY binlake_order DESC) AS binlake_rank FROM "
        + history(shape)
        + " WHERE binlake_order < '"
        + before
        + "' AND "
        + p
        + " >= "
        + range.lo()
        + " AND "
        + p
        + " < "
        + range.hi()
        + ") AS binlake_changes WHERE binlake_rank = 1 AND \"Op\" <> 'D')"
        + " AS binlake_latest";
  }

  static String sums(TableShape shape, String before, Range range, BigInteger partWidth) {
    String p = partition(shape.domain());
    return "SELECT CAST(part AS VARCHAR), count(*),"
        + " CAST(sum(CAST(('0x' || substr(h, 1, 15)) AS BIGINT)) AS VARCHAR),"
        + " CAST(sum(CAST(('0x' || substr(h, 16, 15)) AS BIGINT)) AS VARCHAR)"
        + " FROM (SELECT ("
        + p
        + " - "
        + range.lo()
        + ") // "
        + partWidth
        + " AS part, md5("
        + text(shape.columns())
        + ") AS h FROM "
        + latest(shape, before, range)
        + ") AS binlake_rows GROUP BY part";
  }

  static String rows(TableShape shape, String before, Range range) {
    return "SELECT "
        + text(shape.domain().keys())
        + ", "
        + shape.columns().stream()
            .map(c -> "md5(" + text(List.of(c)) + ")")
            .collect(Collectors.joining(", "))
        + " FROM "
        + latest(shape, before, range);
  }

  static String bounds(TableShape shape, String before) {
    String p = partition(shape.domain());
    return "SELECT CAST(min("
        + p
        + ") AS VARCHAR), CAST(max("
        + p
        + ") AS VARCHAR) FROM "
        + history(shape)
        + " WHERE binlake_order < '"
        + before
        + "'";
  }
}
