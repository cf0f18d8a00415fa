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
 * a function of SQL (the CLI's WarehouseAccess: the running binlake's endpoint or the DuckDB file);
 * values come back as text either way, so every query casts its results to text.
 */
final class WarehouseSide implements ChecksumSide {
  private final Function<String, QueryResult> query;
  private final TableShape shape;
  private final String before;

  WarehouseSide(Function<String, QueryResult> query, TableShape shape, String before) {
    this.query = query;
    this.shape = shape;
    this.before = before;
  }

  @Override
  public Optional<Range> bounds() {
    List<Object> row = query.apply(WarehouseSql.bounds(shape, before)).rows().get(0);
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
    String sql = WarehouseSql.sums(shape, before, range, partWidth);
    for (List<Object> row : query.apply(sql).rows()) {
      sums.put(
          Long.parseLong(row.get(0).toString()),
          new RangeSum(Long.parseLong(row.get(1).toString()), row.get(2) + ":" + row.get(3)));
    }
    return sums;
  }

  @Override
  public Map<String, List<String>> rows(Range range) {
    Map<String, List<String>> rows = new HashMap<>();
    for (List<Object> row : query.apply(WarehouseSql.rows(shape, before, range)).rows()) {
      rows.put(
          row.get(0).toString(), row.subList(1, row.size()).stream().map(String::valueOf).toList());
    }
    return rows;
  }
}
