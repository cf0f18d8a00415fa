package dev.binlake.cli.validate;

/** Row count and checksum of one key range on one side; equal ranges have equal sums. */
record RangeSum(long rows, String checksum) {
  static final RangeSum EMPTY = new RangeSum(0, "0:0:0:0");
}
