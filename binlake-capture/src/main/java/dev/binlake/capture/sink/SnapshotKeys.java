package dev.binlake.capture.sink;

import dev.binlake.api.OrderKey;

/** Order keys for chunked-snapshot rows that must sort right after a table's last key. */
final class SnapshotKeys {
  private SnapshotKeys() {}

  /**
   * The smallest snapshot key after {@code floor}: the next snapshot sequence at the same binlog
   * point, or, after a streamed change, the snapshot point one byte past that change's row event
   * (every later row event starts further on, so the row still sorts before them).
   */
  static OrderKey after(OrderKey floor) {
    String value = floor.value();
    long file = Long.parseLong(value.substring(0, 8));
    long position = Long.parseLong(value.substring(9, 21));
    long row = Long.parseLong(value.substring(24, 36));
    if (floor.isSnapshot()) {
      return OrderKey.snapshot(file, position, row + 1);
    }
    return OrderKey.snapshot(file, position + 1, 1);
  }
}
