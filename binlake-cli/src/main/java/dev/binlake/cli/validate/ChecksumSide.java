package dev.binlake.cli.validate;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One side of a comparison (source table or warehouse view), queried by partition ranges. */
interface ChecksumSide {
  /** Smallest and largest partition value, when the table has rows and an integer key. */
  Optional<Range> bounds();

  /** Per sub-range number ({@code (p - lo) / partWidth}) of {@code range}: row count and sum. */
  Map<Long, RangeSum> sums(Range range, BigInteger partWidth);

  /** Rows of a (small) range: key text to the hash of each column's canonical text. */
  Map<String, List<String>> rows(Range range);
}
