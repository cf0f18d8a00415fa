package dev.binlake.warehouse.bigquery;

import static java.util.Objects.requireNonNull;

import dev.binlake.api.OrderKey;
import dev.binlake.api.TableId;
import java.time.Instant;

/**
 * A change file handed to {@link BigQueryWarehouse#load} and kept in the state folder until its
 * batch is loaded: {@code id} names the copy ({@code <id>.parquet}).
 */
record QueuedFile(
    String key,
    TableId table,
    String id,
    long rowCount,
    OrderKey first,
    OrderKey last,
    Instant queuedAt) {
  QueuedFile {
    requireNonNull(key, "key is null");
    requireNonNull(table, "table is null");
    requireNonNull(id, "id is null");
    requireNonNull(first, "first is null");
    requireNonNull(last, "last is null");
    requireNonNull(queuedAt, "queuedAt is null");
  }
}
