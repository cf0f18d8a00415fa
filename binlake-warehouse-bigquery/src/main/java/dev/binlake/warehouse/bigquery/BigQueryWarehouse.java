package dev.binlake.warehouse.bigquery;

import static java.util.Objects.requireNonNull;

import com.google.cloud.NoCredentials;
import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.BigQueryException;
import com.google.cloud.bigquery.BigQueryOptions;
import com.google.cloud.bigquery.Field;
import com.google.cloud.bigquery.QueryJobConfiguration;
import com.google.cloud.bigquery.QueryParameterValue;
import com.google.cloud.bigquery.Schema;
import com.google.cloud.bigquery.StandardSQLTypeName;
import com.google.cloud.bigquery.StandardTableDefinition;
import com.google.cloud.bigquery.TableInfo;
import dev.binlake.api.BinlakeException;
import dev.binlake.api.ChangeFile;
import dev.binlake.api.DmsFile;
import dev.binlake.api.DmsWarehouse;
import dev.binlake.api.ErrorCode;
import dev.binlake.api.LoadResult;
import dev.binlake.api.QueryResult;
import dev.binlake.api.TableId;
import dev.binlake.api.TableSchema;
import dev.binlake.api.TableStats;
import dev.binlake.api.ViewKeys;
import dev.binlake.api.Warehouse;
import dev.binlake.files.ParquetChangeReader;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Warehouse} in BigQuery. {@link #load} queues a file in the state folder and returns
 * {@link LoadResult.Outcome#QUEUED}; a timer (and {@link #flush}) turns each table's queued files
 * into one batch, one load job, at most one job per table per batch interval. {@link #loadDms}
 * queues AWS DMS files the same way. See the package documentation for the layout and the
 * exactly-once argument.
 */
public final class BigQueryWarehouse implements DmsWarehouse {
  private static final Logger LOG = LoggerFactory.getLogger(BigQueryWarehouse.class);

  /** BigQuery takes at most 10,000 query parameters; the ledger insert uses 4 per file. */
  static final int MAX_FILES_PER_BATCH = 1000;

  /** How often {@link #flush} tries a batch that fails with a server or network error. */
  private static final int FLUSH_ATTEMPTS = 5;

  private static final Schema LEDGER_SCHEMA =
      Schema.of(
          Field.of("object_key", StandardSQLTypeName.STRING),
          Field.of("schema_name", StandardSQLTypeName.STRING),
          Field.of("table_name", StandardSQLTypeName.STRING),
          Field.of("row_count", StandardSQLTypeName.INT64),
          Field.of("first_key", StandardSQLTypeName.STRING),
          Field.of("last_key", StandardSQLTypeName.STRING),
          Field.of("job_id", StandardSQLTypeName.STRING),
          Field.of("loaded_at", StandardSQLTypeName.TIMESTAMP));

  private final BigQuerySettings settings;
  private final BigQuery bigquery;
  private final BigQueryNames names;
  private final Jobs jobs;
  private final BatchStore store;
  private final BatchLoader loader;
  private final Queries queries;
  private final FileQueue queue;
  private final BigQueryDmsLoad dms;
  private final Clock clock;
  private final Set<String> loaded = ConcurrentHashMap.newKeySet();
  private final ReentrantLock submitting = new ReentrantLock();
  private final ScheduledExecutorService timer;

  private BigQueryWarehouse(
      BigQuerySettings settings, BigQuery bigquery, Clock clock, ViewKeys keys) {
    this.settings = settings;
    this.bigquery = bigquery;
    this.clock = clock;
    this.names = new BigQueryNames(settings.project(), settings.datasetPrefix());
    this.jobs = new Jobs(bigquery, settings.project(), settings.location());
    this.store = BatchStore.open(settings.stateDir().resolve("bigquery"));
    this.loader = new BatchLoader(bigquery, names, jobs, store, settings.location(), clock, keys);
    this.queries =
        new Queries(
            bigquery,
            names,
            jobs,
            table -> store.mark(table).flatMap(BatchStore.TableMark::viewReason));
    this.queue = new FileQueue(store, loader, queries, names, settings.stateDir());
    this.dms = new BigQueryDmsLoad(store, queue, clock, this::isLoaded);
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "binlake-bigquery-batches");
              thread.setDaemon(true);
              return thread;
            });
  }

  /**
   * Connects to BigQuery, creates the dataset {@code <prefix>binlake} and the ledger table if
   * missing, and starts the batch timer. Batches a crash left in the state folder are submitted
   * first, under their job ids.
   */
  public static BigQueryWarehouse open(BigQuerySettings settings) {
    return open(settings, ViewKeys.none());
  }

  /**
   * Like {@link #open(BigQuerySettings)}, with key columns for the latest views of tables without a
   * primary key; a view whose key the configuration changed is made again at the table's next load
   * job.
   */
  public static BigQueryWarehouse open(BigQuerySettings settings, ViewKeys keys) {
    requireNonNull(settings, "settings is null");
    requireNonNull(keys, "keys is null");
    BigQueryOptions.Builder options =
        BigQueryOptions.newBuilder()
            .setProjectId(settings.project())
            .setLocation(settings.location());
    settings.host().ifPresent(options::setHost);
    if (settings.credentials() == BigQuerySettings.Credentials.NONE) {
      options.setCredentials(NoCredentials.getInstance());
    }
    BigQueryWarehouse warehouse;
    try {
      warehouse =
          new BigQueryWarehouse(settings, options.build().getService(), Clock.systemUTC(), keys);
      warehouse.prepare();
    } catch (BigQueryException e) {
      throw new BinlakeException(
          ErrorCode.WAREHOUSE_FAILED,
          e,
          "Cannot prepare BigQuery project %s: %s (check the project id, that the BigQuery API is"
              + " enabled and that the credentials may create datasets, tables and jobs)",
          settings.project(),
          e.getMessage());
    }
    long period = Math.max(50, Math.min(1000, settings.batchInterval().toMillis() / 4));
    warehouse.timer.scheduleWithFixedDelay(
        warehouse::onTimer, period, period, TimeUnit.MILLISECONDS);
    LOG.info(
        "Opened BigQuery warehouse: project {}, location {}, one load job per table per {}",
        settings.project(),
        settings.location(),
        settings.batchInterval());
    return warehouse;
  }

  private void prepare() {
    loader.ensureDataset(names.metadataDataset());
    if (bigquery.getTable(names.ledger()) == null) {
      try {
        bigquery.create(TableInfo.of(names.ledger(), StandardTableDefinition.of(LEDGER_SCHEMA)));
      } catch (BigQueryException e) {
        if (e.getCode() != Jobs.ALREADY_EXISTS) {
          throw e;
        }
      }
    }
  }

  public BigQuerySettings settings() {
    return settings;
  }

  /** Load jobs this process submitted (new jobs only, not ones found after a crash). */
  public long loadJobsSubmitted() {
    return loader.submitted();
  }

  /**
   * Checks the file (every row is read; its columns must fit the history table) and queues a copy
   * of it in the state folder.
   *
   * @throws BinlakeException {@link ErrorCode#FILE_INVALID} if the file is damaged or a column
   *     would change the BigQuery type of an existing one
   */
  @Override
  public LoadResult load(ChangeFile file, Path localFile) {
    requireNonNull(file, "file is null");
    requireNonNull(localFile, "localFile is null");
    TableId table = file.table();
    if (isLoaded(file.key())) {
      return new LoadResult(file.key(), table, 0, LoadResult.Outcome.ALREADY_LOADED);
    }
    Optional<String> rejection = store.rejection(file.key());
    if (rejection.isPresent()) {
      throw new BinlakeException(ErrorCode.FILE_INVALID, "%s", rejection.get());
    }
    queue.requireOrigin(file.key(), table, TableOrigins.Origin.BINLAKE);
    long[] rows = {0};
    ParquetChangeReader.readRows(localFile, (op, commit, key, values) -> rows[0]++);
    if (rows[0] != file.rowCount()) {
      throw new BinlakeException(
          ErrorCode.FILE_INVALID,
          "Cannot load %s: it holds %d rows but its metadata says %d (rewrite the file)",
          file.key(),
          rows[0],
          file.rowCount());
    }
    queue.add(
        new QueuedFile(
            file.key(),
            table,
            Batch.hash(file.key()),
            file.rowCount(),
            file.first().value(),
            file.last().value(),
            clock.instant(),
            Optional.empty()),
        file.schema(),
        TableOrigins.Origin.BINLAKE,
        localFile);
    return new LoadResult(file.key(), table, file.rowCount(), LoadResult.Outcome.QUEUED);
  }

  /**
   * Checks an AWS DMS file (every row is read: each {@code Op} must be I, U or D and each timestamp
   * valid; its columns must fit the history table) and queues a copy of it with its description;
   * its batch rewrites the rows to the history table's layout, {@code binlake_order} from {@link
   * DmsFile#orderOf}. A table takes either binlake change files or DMS files.
   *
   * @throws BinlakeException {@link ErrorCode#FILE_INVALID} if the file is damaged, the table holds
   *     binlake change files, or a column would change the BigQuery type of an existing one
   */
  @Override
  public LoadResult loadDms(DmsFile file, Path localFile) {
    requireNonNull(file, "file is null");
    requireNonNull(localFile, "localFile is null");
    return dms.load(file, localFile);
  }

  /**
   * True if the key is queued, in a batch, or in the ledger {@code <prefix>binlake.loaded_files}.
   */
  @Override
  public boolean isLoaded(String objectKey) {
    requireNonNull(objectKey, "objectKey is null");
    if (loaded.contains(objectKey) || store.holds(objectKey)) {
      return true;
    }
    QueryJobConfiguration query =
        QueryJobConfiguration.newBuilder(
                "SELECT 1 FROM "
                    + BigQueryNames.sqlName(names.ledger())
                    + " WHERE object_key = @key LIMIT 1")
            .setUseLegacySql(false)
            .addNamedParameter("key", QueryParameterValue.string(objectKey))
            .build();
    if (!run(query, "read the load ledger").rows().isEmpty()) {
      loaded.add(objectKey);
      return true;
    }
    return false;
  }

  /**
   * Submits the batches of every table with queued files, each as soon as its table's interval
   * allows, and returns when every file queued before the call is loaded.
   *
   * @throws BinlakeException the first failure; its files stay queued and are retried
   */
  @Override
  public void flush() {
    Set<String> waiting = store.keys();
    int failures = 0;
    while (true) {
      waiting.retainAll(store.keys());
      if (waiting.isEmpty()) {
        return;
      }
      Duration pause;
      try {
        pause = submitDue(false);
        failures = 0;
      } catch (BinlakeException e) {
        if (!isTransient(e) || ++failures >= FLUSH_ATTEMPTS) {
          throw e;
        }
        LOG.info("Retrying after a transient failure: {}", e.getMessage());
        pause = Duration.ofMillis(100L << (2 * failures));
      }
      if (pause.isZero() || pause.isNegative()) {
        continue; // a due time that passed while computing it (slow machines) is due now
      }
      try {
        Thread.sleep(pause.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new BinlakeException(
            ErrorCode.LOAD_FAILED, e, "Cannot flush BigQuery batches: interrupted (flush again)");
      }
    }
  }

  /** A server error (5xx) or a network failure: the same request may well pass later. */
  private static boolean isTransient(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof BigQueryException bigQuery
          && (bigQuery.getCode() >= 500 || bigQuery.isRetryable())) {
        return true;
      }
      if (cause instanceof java.net.SocketException) {
        return true;
      }
    }
    return false;
  }

  private void onTimer() {
    try {
      submitDue(true);
    } catch (BinlakeException e) {
      LOG.warn("{}", e.getMessage());
    } catch (RuntimeException e) {
      LOG.warn("BigQuery batch timer failed: {} (retried at the next tick)", e.toString(), e);
    }
  }

  /**
   * Submits every table whose interval has passed since its last load job (and, for the timer,
   * since its oldest queued file arrived). Throws the first failure after trying every table.
   *
   * @return how long until the next table is due (zero when one is due now)
   */
  private Duration submitDue(boolean isTimer) {
    submitting.lock();
    try {
      Instant now = clock.instant();
      Instant next = null;
      BinlakeException failure = null;
      for (TableId table : store.tablesWithWork()) {
        Instant due = dueAt(table, isTimer);
        if (due.isAfter(now)) {
          next = next == null || due.isBefore(next) ? due : next;
          continue;
        }
        try {
          submit(table);
        } catch (BinlakeException e) {
          if (failure == null) {
            failure = e;
          } else {
            failure.addSuppressed(e);
          }
        }
      }
      if (failure != null) {
        throw failure;
      }
      return next == null ? Duration.ZERO : Duration.between(clock.instant(), next);
    } finally {
      submitting.unlock();
    }
  }

  private Instant dueAt(TableId table, boolean isTimer) {
    Instant due =
        store
            .mark(table)
            .map(m -> m.lastJobAt().plus(settings.batchInterval()))
            .orElse(Instant.MIN);
    if (isTimer && store.batch(table).isEmpty()) {
      Instant oldest =
          store.unbatched(table).stream()
              .map(QueuedFile::queuedAt)
              .min(Instant::compareTo)
              .orElse(Instant.MIN);
      Instant ripe = oldest.equals(Instant.MIN) ? oldest : oldest.plus(settings.batchInterval());
      due = due.isAfter(ripe) ? due : ripe;
    }
    return due;
  }

  private void submit(TableId table) {
    try {
      Batch batch = store.batch(table).orElse(null);
      if (batch == null) {
        batch = formBatch(table);
      }
      if (loader.load(batch)) {
        queue.forgetShape(table);
        batch.files().forEach(f -> loaded.add(f.key()));
      }
    } catch (IOException e) {
      throw new BinlakeException(
          ErrorCode.LOAD_FAILED,
          e,
          "Cannot load the batch of %s: the state folder failed: %s (check free space of %s;"
              + " the batch is retried)",
          table,
          e.getMessage(),
          settings.stateDir());
    } catch (BigQueryException e) {
      throw new BinlakeException(
          ErrorCode.LOAD_FAILED,
          e,
          "Cannot load the batch of %s into BigQuery: %s (the batch is retried with the same job"
              + " id)",
          table,
          e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BinlakeException(
          ErrorCode.LOAD_FAILED, e, "Cannot load the batch of %s: interrupted", table);
    }
  }

  /**
   * The next batch of a table: its queued files in key order, as many as fit (no overlapping key
   * ranges of change files, no column type conflicts, at most {@value #MAX_FILES_PER_BATCH}); the
   * rest wait. AWS DMS files may overlap: each row's order value is its own.
   */
  private Batch formBatch(TableId table) throws IOException {
    BatchShape shape = BatchShape.of(loader.historySchema(table));
    List<QueuedFile> chosen = new ArrayList<>();
    String previous = null;
    for (QueuedFile file : store.unbatched(table)) {
      if (chosen.size() == MAX_FILES_PER_BATCH
          || (!chosen.isEmpty() && file.isDms() != chosen.get(0).isDms())
          || (!file.isDms() && previous != null && file.first().compareTo(previous) <= 0)) {
        break;
      }
      TableSchema schema =
          file.dms().isPresent()
              ? file.dms().get().schema()
              : ParquetChangeReader.readChangeFile(store.copyOf(file), file.key()).schema();
      if (!shape.add(schema) && !chosen.isEmpty()) {
        break;
      }
      chosen.add(file);
      previous = file.last();
    }
    Batch batch = Batch.of(table, chosen);
    store.save(batch);
    LOG.debug("Batch {} of {}: {} files", batch.id(), table, chosen.size());
    return batch;
  }

  @Override
  public QueryResult query(String sql) {
    requireNonNull(sql, "sql is null");
    return run(QueryJobConfiguration.newBuilder(sql).setUseLegacySql(false).build(), "run query");
  }

  /** Per table in the ledger: history rows, latest-view rows, files, last key and commit time. */
  @Override
  public List<TableStats> tableStats() {
    return queries.tableStats();
  }

  private QueryResult run(QueryJobConfiguration query, String what) {
    return queries.run(query, what);
  }

  /**
   * Stops the batch timer. Queued files stay in the state folder and load after the next open (call
   * {@link #flush} first to load them now).
   */
  @Override
  public void close() {
    timer.shutdownNow();
    try {
      if (!timer.awaitTermination(30, TimeUnit.SECONDS)) {
        LOG.warn("BigQuery batch timer did not stop within 30 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
