package dev.binlake.api;

import static java.util.Objects.requireNonNull;

/** What loading one change file did. */
public record LoadResult(String objectKey, TableId table, long rows, Outcome outcome) {
  public enum Outcome {
    LOADED,
    ALREADY_LOADED,
    /** Accepted into a batch that {@link Warehouse#flush()} or a timer loads later. */
    QUEUED
  }

  public LoadResult {
    requireNonNull(objectKey, "objectKey is null");
    requireNonNull(table, "table is null");
    requireNonNull(outcome, "outcome is null");
  }
}
