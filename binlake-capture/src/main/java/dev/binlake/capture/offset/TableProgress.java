package dev.binlake.capture.offset;

import static java.util.Objects.requireNonNull;

import dev.binlake.api.OrderKey;

/** Per table: the highest order key stored, the number of the last LOAD file, files stored. */
public record TableProgress(OrderKey lastKey, int lastLoadNumber, long files) {
  public static final TableProgress NONE = new TableProgress(OrderKey.MIN, 0, 0);

  public TableProgress {
    requireNonNull(lastKey, "lastKey is null");
  }

  public TableProgress merge(OrderKey key, int loadNumber) {
    OrderKey max = key.isAfter(lastKey) ? key : lastKey;
    return new TableProgress(max, Math.max(lastLoadNumber, loadNumber), files + 1);
  }
}
