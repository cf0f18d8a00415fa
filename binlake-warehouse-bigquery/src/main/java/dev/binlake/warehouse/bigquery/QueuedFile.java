package dev.binlake.warehouse.bigquery;

import static java.util.Objects.requireNonNull;

import dev.binlake.api.DmsFile;
import dev.binlake.api.TableId;
import java.time.Instant;
import java.util.Optional;

/**
 * A file handed to {@link BigQueryWarehouse#load} or {@link BigQueryWarehouse#loadDms} and kept in
 * the state folder until its batch is loaded: {@code id} names the copy ({@code <id>.parquet}).
 * {@code first} and {@code last} are the lowest and highest {@code binlake_order} values of its
 * rows, as text: binlake order keys, or {@link DmsFile#orderOf} values for AWS DMS files, which
 * carry their description in {@code dms} (their copy is the DMS file as it came).
 */
record QueuedFile(
    String key,
    TableId table,
    String id,
    long rowCount,
    String first,
    String last,
    Instant queuedAt,
    Optional<DmsFile> dms) {
  QueuedFile {
    requireNonNull(key, "key is null");
    requireNonNull(table, "table is null");
    requireNonNull(id, "id is null");
    requireNonNull(first, "first is null");
    requireNonNull(last, "last is null");
    requireNonNull(queuedAt, "queuedAt is null");
    requireNonNull(dms, "dms is null");
  }

  boolean isDms() {
    return dms.isPresent();
  }
}
