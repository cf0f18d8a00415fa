package dev.binlake.cli.validate;

import dev.binlake.api.QueryResult;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The table's latest rows in the warehouse as of the source's consistent point. Queries go through
 * a function of SQL (the running binlake's endpoint, the DuckDB file, or the warehouse opened by
 * validate); values may come back as text, so every query casts its results to text.
 */
final class WarehouseSide implements ChecksumSide {
  private final Function<String, QueryResult> query;
  private final TableShape shape;
  private final String before;
  private final WarehouseSql sql;

  WarehouseSide(
      Function<String, QueryResult> query, WarehouseSql sql, TableShape shape, String before) {
    this.query = query;
    this.sql = sql;
    this.shape = shape;
    this.before = before;
  }

  @Override
  public Optional<Range> bounds() {
    List<Object> row = query.apply(sql.bounds(shape, before)).rows().get(0);
    if (row.get(0) == null) {
      return Optional.empty();
    }
    return Optional.of(
        new Range(
            new BigInteger(row.get(0).toString()),
            new BigInteger(row.get(1).toString()).add(BigInteger.ONE)));
  }

  @Override
  public Map<Long, RangeSum> sums(Range range, BigInteger partWidth) {
    Map<Long, RangeSum> sums = new HashMap<>();
    for (List<Object> row : query.apply(sql.sums(shape, before, range, partWidth)).rows()) {
      List<String> slices =
          row.subList(2, 2 + WarehouseSql.SLICES).stream().map(String::valueOf).toList();
      sums.put(
          Long.parseLong(row.get(0).toString()),
          new RangeSum(Long.parseLong(row.get(1).toString()), String.join(":", slices)));
    }
    return sums;
  }

  @Override
  public Map<String, List<String>> rows(Range range) {
    Map<String, List<String>> rows = new HashMap<>();
    for (List<Object> row : query.apply(sql.rows(shape, before, range)).rows()) {
      rows.put(
          row.get(0).toString(), row.subList(1, row.size()).stream().map(String::valueOf).toList());
    }
    return rows;
  }
}
