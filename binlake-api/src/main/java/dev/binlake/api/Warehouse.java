package dev.binlake.api;

import java.nio.file.Path;
import java.util.List;

/**
 * Loads change files into one warehouse: per source table a history table {@code
 * <schema>.<table>_history} (every change, append-only) and a view {@code <schema>.<table>} (the
 * latest row per primary key, or per the key {@link ViewKeys} names for a table without one,
 * deletes removed). Loading the same object key twice is a no-op: the ledger entry is written in
 * the same transaction as the rows.
 */
public interface Warehouse extends AutoCloseable {
  LoadResult load(ChangeFile file, Path localFile);

  boolean isLoaded(String objectKey);

  QueryResult query(String sql);

  /**
   * Finishes loads the warehouse batches (BigQuery submits one load job per table per batch);
   * returns when every file handed to {@link #load} is loaded. A no-op where loads are immediate.
   */
  default void flush() {}

  /** Per loaded table: history rows, files, last key and commit time. */
  List<TableStats> tableStats();

  @Override
  void close();
}
