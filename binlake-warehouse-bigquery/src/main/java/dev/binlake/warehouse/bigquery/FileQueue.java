package dev.binlake.warehouse.bigquery;

import com.google.cloud.bigquery.BigQueryException;
import com.google.cloud.bigquery.Schema;
import dev.binlake.api.BinlakeException;
import dev.binlake.api.ErrorCode;
import dev.binlake.api.TableId;
import dev.binlake.api.TableSchema;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Admits checked files to the state folder's queue: a file must fit the history table's column
 * types (read once per table until its next batch loads) and be of the kind the table takes ({@link
 * TableOrigins}).
 */
final class FileQueue {
  private static final Logger LOG = LoggerFactory.getLogger(FileQueue.class);

  private final BatchStore store;
  private final BatchLoader loader;
  private final BigQueryNames names;
  private final Path stateDir;
  private final TableOrigins origins;
  private final Map<TableId, Optional<Schema>> historySchemas = new ConcurrentHashMap<>();

  FileQueue(
      BatchStore store, BatchLoader loader, Queries queries, BigQueryNames names, Path stateDir) {
    this.store = store;
    this.loader = loader;
    this.names = names;
    this.stateDir = stateDir;
    this.origins =
        new TableOrigins(store, queries, names, table -> historySchema(table).isPresent());
  }

  /**
   * Refuses a file of {@code origin} early, before it is read, if the table takes the other kind.
   */
  void requireOrigin(String key, TableId table, TableOrigins.Origin origin) {
    origins.require(key, table, origin);
  }

  /** Forgets the history table's columns read before (a batch may have added some). */
  void forgetShape(TableId table) {
    historySchemas.remove(table);
  }

  /**
   * Refuses a file whose columns do not fit the history table or whose kind the table does not
   * take, else queues its copy.
   */
  void add(QueuedFile queued, TableSchema schema, TableOrigins.Origin origin, Path localFile) {
    TableId table = queued.table();
    Optional<String> conflict;
    try {
      conflict = BatchShape.of(historySchema(table).orElse(null)).conflict(schema);
    } catch (IllegalStateException e) {
      conflict = Optional.of(e.getMessage());
    } catch (BigQueryException e) {
      throw new BinlakeException(
          ErrorCode.LOAD_FAILED,
          e,
          "Cannot load %s: reading %s failed: %s (the load is retried)",
          queued.key(),
          BigQueryNames.sqlName(names.historyTable(table)),
          e.getMessage());
    }
    if (conflict.isPresent()) {
      throw new BinlakeException(
          ErrorCode.FILE_INVALID,
          "Cannot load %s into %s: %s (BigQuery cannot change a column's type: add the data by"
              + " hand or recreate the table, then load the file again)",
          queued.key(),
          BigQueryNames.sqlName(names.historyTable(table)),
          conflict.get());
    }
    try {
      synchronized (origins) { // no other kind of file queued for the table in between
        origins.require(queued.key(), table, origin);
        store.queue(queued, localFile);
        origins.record(table, origin);
      }
    } catch (IOException e) {
      throw new BinlakeException(
          ErrorCode.LOAD_FAILED,
          e,
          "Cannot queue %s in the state folder %s: %s (check free space; the load is retried)",
          queued.key(),
          stateDir,
          e.getMessage());
    }
    LOG.debug("Queued {} ({} rows) for {}", queued.key(), queued.rowCount(), table);
  }

  private Optional<Schema> historySchema(TableId table) {
    return historySchemas.computeIfAbsent(table, t -> Optional.ofNullable(loader.historySchema(t)));
  }
}
