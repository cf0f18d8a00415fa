package dev.binlake.api;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * What a warehouse holds of one source table. {@code noViewReason} says why it has no latest view
 * (e.g. no primary key), {@code dropped} that its newest change is a DROP TABLE marker.
 */
public record TableStats(
    TableId table,
    long historyRows,
    long latestRows,
    long files,
    Optional<OrderKey> lastKey,
    Optional<Instant> lastCommit,
    Optional<String> noViewReason,
    boolean dropped) {
  public TableStats {
    requireNonNull(table, "table is null");
    requireNonNull(lastKey, "lastKey is null");
    requireNonNull(lastCommit, "lastCommit is null");
    requireNonNull(noViewReason, "noViewReason is null");
  }

  /** A table that has a latest view and was not dropped. */
  public TableStats(
      TableId table,
      long historyRows,
      long latestRows,
      long files,
      Optional<OrderKey> lastKey,
      Optional<Instant> lastCommit) {
    this(table, historyRows, latestRows, files, lastKey, lastCommit, Optional.empty(), false);
  }
}
