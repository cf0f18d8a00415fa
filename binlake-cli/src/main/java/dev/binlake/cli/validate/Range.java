package dev.binlake.cli.validate;

import static java.util.Objects.requireNonNull;

import java.math.BigInteger;

/** The half-open range {@code [lo, hi)} of a table's partition value (see {@link KeyDomain}). */
record Range(BigInteger lo, BigInteger hi) {
  Range {
    requireNonNull(lo, "lo is null");
    requireNonNull(hi, "hi is null");
    if (hi.compareTo(lo) <= 0) {
      throw new IllegalArgumentException("empty range [" + lo + ", " + hi + ")");
    }
  }

  BigInteger width() {
    return hi.subtract(lo);
  }

  /** The width of each of {@code parts} sub-ranges (the last may be shorter). */
  BigInteger partWidth(int parts) {
    BigInteger[] division = width().divideAndRemainder(BigInteger.valueOf(parts));
    return division[1].signum() == 0 ? division[0] : division[0].add(BigInteger.ONE);
  }

  /** Sub-range number {@code part} of width {@code partWidth}. */
  Range part(long part, BigInteger partWidth) {
    BigInteger start = lo.add(partWidth.multiply(BigInteger.valueOf(part)));
    BigInteger end = start.add(partWidth).min(hi);
    return new Range(start, end);
  }

  @Override
  public String toString() {
    return "[" + lo + ", " + hi + ")";
  }
}
