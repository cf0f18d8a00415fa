package dev.binlake.cli.validate;

import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Compares two sides range by range (the data-diff idea): split a range into {@link #FANOUT} parts,
 * compare each part's row count and checksum, descend only into parts that differ, and list the
 * keys of parts small enough ({@link #LEAF_ROWS}). Equal tables cost one aggregate query per side;
 * memory stays bounded by the leaf size whatever the table size.
 */
final class TableDiff {
  static final int FANOUT = 32;
  static final int LEAF_ROWS = 512;

  private final ChecksumSide source;
  private final ChecksumSide warehouse;
  private final KeyDomain domain;
  private final List<String> columns;
  private final int maxKeys;
  private long queries;

  TableDiff(ChecksumSide source, ChecksumSide warehouse, TableShape shape, int maxKeys) {
    this.source = source;
    this.warehouse = warehouse;
    this.domain = shape.domain();
    this.columns = shape.columns().stream().map(CanonicalColumn::name).toList();
    this.maxKeys = maxKeys;
  }

  /** The outcome: rows on the source side, the differing keys (at most maxKeys, sorted). */
  record Outcome(
      long sourceRows, List<KeyDifference> differences, boolean truncated, long queries) {}

  Outcome run() {
    Optional<Range> root = root();
    if (root.isEmpty()) {
      return new Outcome(0, List.of(), false, queries);
    }
    Deque<Range> pending = new ArrayDeque<>();
    pending.add(root.get());
    List<KeyDifference> found = new ArrayList<>();
    long sourceRows = -1;
    boolean truncated = false;
    while (!pending.isEmpty()) {
      Range range = pending.poll();
      BigInteger width = range.partWidth(FANOUT);
      Map<Long, RangeSum> left = source.sums(range, width);
      Map<Long, RangeSum> right = warehouse.sums(range, width);
      queries += 2;
      if (sourceRows < 0) {
        sourceRows = left.values().stream().mapToLong(RangeSum::rows).sum();
      }
      Set<Long> parts = new TreeSet<>(left.keySet());
      parts.addAll(right.keySet());
      for (long part : parts) {
        RangeSum a = left.getOrDefault(part, RangeSum.EMPTY);
        RangeSum b = right.getOrDefault(part, RangeSum.EMPTY);
        if (a.equals(b)) {
          continue;
        }
        Range sub = range.part(part, width);
        if (Math.max(a.rows(), b.rows()) <= LEAF_ROWS || sub.width().equals(BigInteger.ONE)) {
          found.addAll(keys(sub));
          queries += 2;
          if (found.size() >= maxKeys) {
            truncated = true;
            pending.clear();
            break;
          }
        } else {
          pending.add(sub);
        }
      }
    }
    found.sort((x, y) -> x.key().compareTo(y.key()));
    List<KeyDifference> limited = found.size() > maxKeys ? found.subList(0, maxKeys) : found;
    return new Outcome(Math.max(sourceRows, 0), List.copyOf(limited), truncated, queries);
  }

  private Optional<Range> root() {
    if (domain.isHashed()) {
      return Optional.of(KeyDomain.HASH_RANGE);
    }
    Optional<Range> a = source.bounds();
    Optional<Range> b = warehouse.bounds();
    queries += 2;
    if (a.isEmpty()) {
      return b;
    }
    if (b.isEmpty()) {
      return a;
    }
    return Optional.of(new Range(a.get().lo().min(b.get().lo()), a.get().hi().max(b.get().hi())));
  }

  private List<KeyDifference> keys(Range range) {
    Map<String, List<String>> left = source.rows(range);
    Map<String, List<String>> right = warehouse.rows(range);
    Set<String> keys = new HashSet<>(left.keySet());
    keys.addAll(right.keySet());
    List<KeyDifference> differences = new ArrayList<>();
    for (String key : keys) {
      List<String> a = left.get(key);
      List<String> b = right.get(key);
      if (a == null) {
        differences.add(
            new KeyDifference(label(key), KeyDifference.Kind.EXTRA_IN_WAREHOUSE, List.of()));
      } else if (b == null) {
        differences.add(
            new KeyDifference(label(key), KeyDifference.Kind.MISSING_IN_WAREHOUSE, List.of()));
      } else if (!a.equals(b)) {
        List<String> columns = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
          if (!a.get(i).equals(b.get(i))) {
            columns.add(this.columns.get(i));
          }
        }
        differences.add(new KeyDifference(label(key), KeyDifference.Kind.VALUES_DIFFER, columns));
      }
    }
    return differences;
  }

  /** {@code id=5} or {@code a=1, b=x} from the canonical key text. */
  private String label(String keyText) {
    String[] values = keyText.split("\u001f", -1);
    StringBuilder label = new StringBuilder();
    for (int i = 0; i < domain.keys().size() && i < values.length; i++) {
      if (i > 0) {
        label.append(", ");
      }
      String value = values[i];
      label
          .append(domain.keys().get(i).name())
          .append('=')
          .append(value.startsWith("+") ? value.substring(1) : "NULL");
    }
    return label.toString();
  }
}
