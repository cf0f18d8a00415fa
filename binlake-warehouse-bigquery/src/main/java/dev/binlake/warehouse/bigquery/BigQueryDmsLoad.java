package dev.binlake.warehouse.bigquery;

import static java.util.Objects.requireNonNull;

import dev.binlake.api.BinlakeException;
import dev.binlake.api.DmsFile;
import dev.binlake.api.ErrorCode;
import dev.binlake.api.LoadResult;
import dev.binlake.api.TableId;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The AWS DMS load path of {@link BigQueryWarehouse#loadDms}: checks a DMS file ({@link DmsScan})
 * and queues a copy of it with its description; the table's batch rewrites the rows to the history
 * layout.
 */
final class BigQueryDmsLoad {
  private final BatchStore store;
  private final FileQueue queue;
  private final Clock clock;
  private final Predicate<String> isLoaded;

  /**
   * @param isLoaded whether a key is queued, batched or in the ledger ({@link
   *     BigQueryWarehouse#isLoaded})
   */
  BigQueryDmsLoad(BatchStore store, FileQueue queue, Clock clock, Predicate<String> isLoaded) {
    this.store = requireNonNull(store, "store is null");
    this.queue = requireNonNull(queue, "queue is null");
    this.clock = requireNonNull(clock, "clock is null");
    this.isLoaded = requireNonNull(isLoaded, "isLoaded is null");
  }

  LoadResult load(DmsFile file, Path localFile) {
    TableId table = file.table();
    if (isLoaded.test(file.key())) {
      return new LoadResult(file.key(), table, 0, LoadResult.Outcome.ALREADY_LOADED);
    }
    Optional<String> rejection = store.rejection(file.key());
    if (rejection.isPresent()) {
      throw new BinlakeException(ErrorCode.FILE_INVALID, "%s", rejection.get());
    }
    queue.requireOrigin(file.key(), table, TableOrigins.Origin.DMS);
    DmsScan scan = DmsScan.of(file, localFile);
    if (scan.rows() != file.rowCount()) {
      throw new BinlakeException(
          ErrorCode.FILE_INVALID,
          "Cannot load %s: it holds %d rows but its footer says %d (rewrite the file)",
          file.key(),
          scan.rows(),
          file.rowCount());
    }
    queue.add(
        new QueuedFile(
            file.key(),
            table,
            Batch.hash(file.key()),
            scan.rows(),
            scan.first(),
            scan.last(),
            clock.instant(),
            Optional.of(file)),
        file.schema(),
        TableOrigins.Origin.DMS,
        localFile);
    return new LoadResult(file.key(), table, scan.rows(), LoadResult.Outcome.QUEUED);
  }
}
