package dev.binlake.api;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/** What a warehouse holds of one source table. */
public record TableStats(
    TableId table,
    long historyRows,
    long latestRows,
    long files,
    Optional<OrderKey> lastKey,
    Optional<Instant> lastCommit) {
  public TableStats {
    requireNonNull(table, "table is null");
    requireNonNull(lastKey, "lastKey is null");
    requireNonNull(lastCommit, "lastCommit is null");
  }
}
