package dev.binlake.cli.validate;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The range bisection against in-memory sides: finds exactly the differing keys, cheaply. */
class TableDiffTest {
  private static final TableShape SHAPE =
      new TableShape(
          new dev.binlake.api.TableId("db", "t"),
          new KeyDomain(List.of(new CanonicalColumn("id", "id", "id")), Optional.of("id")),
          List.of(new CanonicalColumn("id", "id", "id"), new CanonicalColumn("v", "v", "v")));

  @Test
  void equalSidesCostOneChecksumQueryEach() {
    FakeSide source = side(100_000);
    FakeSide warehouse = side(100_000);

    TableDiff.Outcome outcome = new TableDiff(source, warehouse, SHAPE, 20).run();

    assertThat(outcome.differences()).isEmpty();
    assertThat(outcome.sourceRows()).isEqualTo(100_000);
    assertThat(source.sumQueries).isEqualTo(1);
    assertThat(source.rowQueries).isZero();
  }

  @Test
  void narrowsDifferingRangesDownToTheKeysAndTheirColumns() {
    FakeSide source = side(100_000);
    FakeSide warehouse = side(100_000);
    warehouse.rows.put(54_321L, List.of("54321", "tampered"));
    warehouse.rows.remove(7L);
    warehouse.rows.put(100_001L, List.of("100001", "extra"));

    TableDiff.Outcome outcome = new TableDiff(source, warehouse, SHAPE, 20).run();

    assertThat(outcome.differences())
        .extracting(Object::toString)
        .containsExactly(
            "id=100001: in the warehouse but not in the source",
            "id=54321: values differ in [v]",
            "id=7: missing in the warehouse");
    assertThat(source.rowsRead).as("rows listed, not the table").isLessThan(3 * 512);
    assertThat(source.sumQueries).isLessThan(20);
  }

  @Test
  void stopsAtMaxKeys() {
    FakeSide source = side(10_000);
    FakeSide warehouse = side(0);

    TableDiff.Outcome outcome = new TableDiff(source, warehouse, SHAPE, 5).run();

    assertThat(outcome.differences()).hasSize(5);
    assertThat(outcome.truncated()).isTrue();
  }

  private static FakeSide side(int rows) {
    FakeSide side = new FakeSide();
    for (long id = 1; id <= rows; id++) {
      side.rows.put(id, List.of(Long.toString(id), "value " + id));
    }
    return side;
  }

  /** A table in memory: key → column texts; checksums are sums of hash codes. */
  private static final class FakeSide implements ChecksumSide {
    final TreeMap<Long, List<String>> rows = new TreeMap<>();
    int sumQueries;
    int rowQueries;
    long rowsRead;

    @Override
    public Optional<Range> bounds() {
      return rows.isEmpty()
          ? Optional.empty()
          : Optional.of(
              new Range(
                  BigInteger.valueOf(rows.firstKey()), BigInteger.valueOf(rows.lastKey() + 1)));
    }

    @Override
    public Map<Long, RangeSum> sums(Range range, BigInteger partWidth) {
      sumQueries++;
      Map<Long, long[]> parts = new HashMap<>();
      for (var row : rows.subMap(range.lo().longValue(), range.hi().longValue()).entrySet()) {
        long part =
            BigInteger.valueOf(row.getKey())
                .subtract(range.lo())
                .divide(partWidth)
                .longValueExact();
        long[] sum = parts.computeIfAbsent(part, p -> new long[2]);
        sum[0]++;
        sum[1] += row.getValue().hashCode();
      }
      Map<Long, RangeSum> sums = new HashMap<>();
      parts.forEach((part, sum) -> sums.put(part, new RangeSum(sum[0], Long.toString(sum[1]))));
      return sums;
    }

    @Override
    public Map<String, List<String>> rows(Range range) {
      rowQueries++;
      Map<String, List<String>> result = new HashMap<>();
      for (var row : rows.subMap(range.lo().longValue(), range.hi().longValue()).entrySet()) {
        result.put("+" + row.getKey(), row.getValue());
        rowsRead++;
      }
      return result;
    }
  }
}
