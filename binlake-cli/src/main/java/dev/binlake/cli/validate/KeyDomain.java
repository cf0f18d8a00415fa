package dev.binlake.cli.validate;

import java.math.BigInteger;
import java.util.List;
import java.util.Optional;

/**
 * What a table's ranges are ranges of. With an integer first key column they are ranges of that
 * column, so each range query is an index range scan on the source. Otherwise (text, date, binary
 * keys, where MariaDB's collations and DuckDB's byte order disagree on "between") they are ranges
 * of the first 32 bits of the MD5 of the key's canonical text, which both sides compute alike.
 */
record KeyDomain(List<CanonicalColumn> keys, Optional<String> integerColumn) {
  static final Range HASH_RANGE = new Range(BigInteger.ZERO, BigInteger.ONE.shiftLeft(32));

  KeyDomain {
    keys = List.copyOf(keys);
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("a key domain needs key columns");
    }
  }

  boolean isHashed() {
    return integerColumn.isEmpty();
  }
}
