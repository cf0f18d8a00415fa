package dev.binlake.load;

import dev.binlake.api.ChangeFile;
import dev.binlake.api.LoadResult;
import dev.binlake.api.QueryResult;
import dev.binlake.api.TableStats;
import dev.binlake.api.Warehouse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A warehouse that keeps a ledger and the files it was given, and can be told to fail. It checks
 * that the local file exists while it loads.
 */
final class FakeWarehouse implements Warehouse {
  private final Map<String, ChangeFile> ledger = new LinkedHashMap<>();
  private final List<Path> localFiles = new ArrayList<>();
  private final Map<String, RuntimeException> failures = new LinkedHashMap<>();

  @Override
  public synchronized LoadResult load(ChangeFile file, Path localFile) {
    RuntimeException failure = failures.get(file.key());
    if (failure != null) {
      throw failure;
    }
    if (!Files.isRegularFile(localFile)) {
      throw new AssertionError("local file missing during load: " + localFile);
    }
    if (ledger.containsKey(file.key())) {
      return new LoadResult(file.key(), file.table(), 0, LoadResult.Outcome.ALREADY_LOADED);
    }
    ledger.put(file.key(), file);
    localFiles.add(localFile);
    return new LoadResult(file.key(), file.table(), file.rowCount(), LoadResult.Outcome.LOADED);
  }

  synchronized void failWith(String key, RuntimeException failure) {
    failures.put(key, failure);
  }

  synchronized void stopFailing(String key) {
    failures.remove(key);
  }

  /** Loaded files in load order. */
  synchronized List<ChangeFile> loaded() {
    return List.copyOf(ledger.values());
  }

  synchronized List<Path> localFiles() {
    return List.copyOf(localFiles);
  }

  @Override
  public synchronized boolean isLoaded(String objectKey) {
    return ledger.containsKey(objectKey);
  }

  @Override
  public QueryResult query(String sql) {
    throw new UnsupportedOperationException("query");
  }

  @Override
  public List<TableStats> tableStats() {
    return List.of();
  }

  @Override
  public void close() {}
}
