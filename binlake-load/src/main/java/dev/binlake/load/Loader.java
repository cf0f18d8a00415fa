package dev.binlake.load;

import static java.util.Objects.requireNonNull;

import dev.binlake.api.BinlakeException;
import dev.binlake.api.ChangeFile;
import dev.binlake.api.DmsFile;
import dev.binlake.api.DmsWarehouse;
import dev.binlake.api.ErrorCode;
import dev.binlake.api.EventTransport;
import dev.binlake.api.LoadResult;
import dev.binlake.api.ObjectCreated;
import dev.binlake.api.ObjectStore;
import dev.binlake.api.StoredObject;
import dev.binlake.api.Warehouse;
import dev.binlake.files.DmsLayout;
import dev.binlake.files.ParquetChangeReader;
import dev.binlake.files.dms.DmsFileReader;
import dev.binlake.files.dms.DmsObjectKey;
import dev.binlake.files.dms.DmsOptions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads change files from an object store into a warehouse, each object key once. Events and
 * listing passes ({@link #catchUp}) may overlap and repeat: the warehouse's ledger turns a second
 * load of a key into a no-op. Thread-safe if the warehouse is.
 */
public final class Loader {
  private static final Logger LOG = LoggerFactory.getLogger(Loader.class);

  private final ObjectStore store;
  private final Warehouse warehouse;
  private final String keyPrefix;
  private final DeadLetters deadLetters;
  private final Optional<DmsOptions> dms;

  /**
   * Loads the objects whose keys start with {@code keyPrefix} ("" for the whole store); Parquet
   * files without binlake metadata are refused.
   */
  public Loader(ObjectStore store, Warehouse warehouse, String keyPrefix, DeadLetters deadLetters) {
    this(store, warehouse, keyPrefix, deadLetters, Optional.empty());
  }

  /**
   * Like {@link #Loader(ObjectStore, Warehouse, String, DeadLetters)}, and with {@code dms} present
   * also loads AWS DMS output under the prefix (Parquet files without binlake metadata whose keys
   * follow DMS's layout) into a {@link DmsWarehouse}.
   */
  public Loader(
      ObjectStore store,
      Warehouse warehouse,
      String keyPrefix,
      DeadLetters deadLetters,
      Optional<DmsOptions> dms) {
    this.store = requireNonNull(store, "store is null");
    this.warehouse = requireNonNull(warehouse, "warehouse is null");
    this.keyPrefix = requireNonNull(keyPrefix, "keyPrefix is null");
    this.deadLetters = requireNonNull(deadLetters, "deadLetters is null");
    this.dms = requireNonNull(dms, "dms is null");
  }

  public String keyPrefix() {
    return keyPrefix;
  }

  /**
   * Loads one object. A key already in the ledger is skipped without reading the object.
   *
   * @throws BinlakeException {@link ErrorCode#FILE_INVALID} if the object is not a change file or
   *     the warehouse rejects it (loading it again cannot help); any other code for failures that
   *     may pass
   */
  public LoadResult load(String objectKey) {
    requireNonNull(objectKey, "objectKey is null");
    if (warehouse.isLoaded(objectKey)) {
      Optional<DmsLayout.ParsedKey> parsed = DmsLayout.parse(keyPrefix, objectKey);
      if (parsed.isPresent()) {
        return new LoadResult(
            objectKey, parsed.get().table(), 0, LoadResult.Outcome.ALREADY_LOADED);
      }
      Optional<DmsObjectKey> dmsKey =
          dms.flatMap(options -> DmsObjectKey.parse(keyPrefix, objectKey));
      if (dmsKey.isPresent()) {
        return new LoadResult(
            objectKey, dmsKey.get().table(), 0, LoadResult.Outcome.ALREADY_LOADED);
      }
      // a key outside the layout: read its footer to learn the table; the warehouse skips it
    }
    long start = System.nanoTime();
    Optional<Path> stored = store.localPath(objectKey);
    Path local = stored.isPresent() ? stored.get() : download(objectKey);
    try {
      LoadResult result;
      if (dms.isPresent() && !ParquetChangeReader.isChangeFile(local, objectKey)) {
        result = loadDms(objectKey, local, dms.get());
      } else {
        ChangeFile file = ParquetChangeReader.readChangeFile(local, objectKey);
        result = warehouse.load(file, local);
      }
      long millis = (System.nanoTime() - start) / 1_000_000;
      if (result.outcome() == LoadResult.Outcome.LOADED) {
        LOG.info(
            "Loaded {} into {}: {} rows in {} ms",
            objectKey,
            result.table(),
            result.rows(),
            millis);
      } else if (result.outcome() == LoadResult.Outcome.QUEUED) {
        LOG.info(
            "Queued {} for {}'s next batch: {} rows", objectKey, result.table(), result.rows());
      } else {
        LOG.debug("Skipped {}: already loaded", objectKey);
      }
      return result;
    } finally {
      if (stored.isEmpty()) {
        deleteQuietly(local);
      }
    }
  }

  private LoadResult loadDms(String objectKey, Path local, DmsOptions options) {
    DmsFile file = DmsFileReader.describe(local, objectKey, keyPrefix, options);
    if (!(warehouse instanceof DmsWarehouse dmsWarehouse)) {
      throw new BinlakeException(
          ErrorCode.FILE_INVALID,
          "Cannot load %s: it is AWS DMS output, which the %s warehouse does not load (load it"
              + " into DuckDB, PostgreSQL or BigQuery, or move it out of the change-file prefix)",
          objectKey,
          warehouse.getClass().getSimpleName());
    }
    return dmsWarehouse.loadDms(file, local);
  }

  private Path download(String objectKey) {
    Path temp = null;
    try {
      temp = Files.createTempFile("binlake-load-", ".parquet");
      try (InputStream in = store.open(objectKey)) {
        Files.copy(in, temp, StandardCopyOption.REPLACE_EXISTING);
      }
      return temp;
    } catch (IOException e) {
      deleteQuietly(temp);
      throw new BinlakeException(
          ErrorCode.STORAGE_FAILED,
          e,
          "Cannot copy object %s to a temporary file: %s (check free"
              + " space in %s; the load is retried)",
          objectKey,
          e.getMessage(),
          System.getProperty("java.io.tmpdir"));
    } catch (RuntimeException e) {
      deleteQuietly(temp);
      throw e;
    }
  }

  private static void deleteQuietly(Path file) {
    if (file == null) {
      return;
    }
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      LOG.warn("Cannot delete temporary file {}: {} (delete it by hand)", file, e.getMessage());
    }
  }

  /** The handler to subscribe to "Object Created" events of this loader's prefix. */
  public EventTransport.EventHandler eventHandler() {
    return this::handle;
  }

  /**
   * Loads the event's object. An object that can never load goes to the dead letters and the event
   * counts as handled; other failures are thrown, so the transport redelivers the event.
   */
  public void handle(ObjectCreated event) {
    if (!event.key().startsWith(keyPrefix)) {
      LOG.debug("Ignoring {}: outside prefix '{}'", event.key(), keyPrefix);
      return;
    }
    try {
      load(event.key());
    } catch (BinlakeException e) {
      if (!isPermanent(e)) {
        throw e;
      }
      deadLetter(event.key(), e);
    }
  }

  /**
   * A listing pass: loads, in key order, every object under the prefix that is neither in the
   * ledger nor dead-lettered. Failures that may pass do not stop the pass; the first is thrown at
   * its end (so a scheduler retries later).
   *
   * @return how many objects this pass loaded
   */
  public int catchUp() {
    int loaded = 0;
    RuntimeException failure = null;
    for (StoredObject object : store.list(keyPrefix)) {
      String key = object.key();
      if (deadLetters.contains(key) || warehouse.isLoaded(key)) {
        continue;
      }
      try {
        if (load(key).outcome() != LoadResult.Outcome.ALREADY_LOADED) {
          loaded++;
        }
      } catch (BinlakeException e) {
        if (isPermanent(e)) {
          deadLetter(key, e);
        } else {
          failure = remember(failure, e);
        }
      } catch (RuntimeException e) {
        failure = remember(failure, e);
      }
    }
    if (loaded > 0) {
      LOG.info("Catch-up pass over '{}' loaded {} files", keyPrefix, loaded);
    }
    if (failure != null) {
      throw failure;
    }
    return loaded;
  }

  private static RuntimeException remember(RuntimeException first, RuntimeException next) {
    if (first == null) {
      return next;
    }
    first.addSuppressed(next);
    return first;
  }

  private static boolean isPermanent(BinlakeException e) {
    return e.code() == ErrorCode.FILE_INVALID;
  }

  private void deadLetter(String key, BinlakeException e) {
    LOG.warn("Dead-lettered {}: {}", key, e.getMessage());
    deadLetters.add(key, e.getMessage());
  }
}
