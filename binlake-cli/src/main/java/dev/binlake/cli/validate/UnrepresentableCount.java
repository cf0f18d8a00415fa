package dev.binlake.cli.validate;

import static java.util.Objects.requireNonNull;

import dev.binlake.api.TableId;

/**
 * How many captured changes of one table held a source value in {@code column} that has no
 * representation (a zero TIMESTAMP) and were stored as NULL.
 */
public record UnrepresentableCount(TableId table, String column, long changes) {
  public UnrepresentableCount {
    requireNonNull(table, "table is null");
    requireNonNull(column, "column is null");
  }
}
