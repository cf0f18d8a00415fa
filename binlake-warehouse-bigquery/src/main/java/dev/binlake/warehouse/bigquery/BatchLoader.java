package dev.binlake.warehouse.bigquery;

import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.BigQueryError;
import com.google.cloud.bigquery.BigQueryException;
import com.google.cloud.bigquery.DatasetId;
import com.google.cloud.bigquery.DatasetInfo;
import com.google.cloud.bigquery.FormatOptions;
import com.google.cloud.bigquery.Job;
import com.google.cloud.bigquery.JobId;
import com.google.cloud.bigquery.JobInfo;
import com.google.cloud.bigquery.QueryJobConfiguration;
import com.google.cloud.bigquery.QueryParameterValue;
import com.google.cloud.bigquery.Schema;
import com.google.cloud.bigquery.Table;
import com.google.cloud.bigquery.TableDataWriteChannel;
import com.google.cloud.bigquery.TableInfo;
import com.google.cloud.bigquery.ViewDefinition;
import com.google.cloud.bigquery.WriteChannelConfiguration;
import dev.binlake.api.BinlakeException;
import dev.binlake.api.Column;
import dev.binlake.api.ErrorCode;
import dev.binlake.api.TableSchema;
import dev.binlake.api.ViewKey;
import dev.binlake.api.ViewKeys;
import dev.binlake.files.ParquetChangeReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads one batch: rewrites its files into one Parquet file, uploads it as a load job under the
 * batch's deterministic id (PARQUET, WRITE_APPEND, explicit schema, ALLOW_FIELD_ADDITION), writes
 * the ledger rows with a query job under an id of its own, then brings the latest view up to date.
 * Every step can be repeated after a crash: an existing job is checked instead of run again.
 */
final class BatchLoader {
  private static final Logger LOG = LoggerFactory.getLogger(BatchLoader.class);
  private static final List<String> DECIMAL_TARGET_TYPES =
      List.of("NUMERIC", "BIGNUMERIC", "STRING");

  private final BigQuery bigquery;
  private final BigQueryNames names;
  private final Jobs jobs;
  private final BatchStore store;
  private final String location;
  private final Clock clock;
  private final ViewKeys keys;
  private final Set<String> datasets = ConcurrentHashMap.newKeySet();
  private final java.util.concurrent.atomic.AtomicLong submitted =
      new java.util.concurrent.atomic.AtomicLong();

  BatchLoader(
      BigQuery bigquery,
      BigQueryNames names,
      Jobs jobs,
      BatchStore store,
      String location,
      Clock clock,
      ViewKeys keys) {
    this.keys = keys;
    this.bigquery = bigquery;
    this.names = names;
    this.jobs = jobs;
    this.store = store;
    this.location = location;
    this.clock = clock;
  }

  /** Creates a dataset unless it exists. */
  void ensureDataset(String dataset) {
    if (datasets.contains(dataset)) {
      return;
    }
    DatasetId id = DatasetId.of(names.project(), dataset);
    if (bigquery.getDataset(id) == null) {
      try {
        bigquery.create(DatasetInfo.newBuilder(id).setLocation(location).build());
        LOG.info("Created BigQuery dataset {}", dataset);
      } catch (BigQueryException e) {
        if (e.getCode() != Jobs.ALREADY_EXISTS) {
          throw e;
        }
      }
    }
    datasets.add(dataset);
  }

  /** The history table's schema, or null when it does not exist yet. */
  Schema historySchema(dev.binlake.api.TableId table) {
    Table history = bigquery.getTable(names.historyTable(table));
    return history == null ? null : history.getDefinition().getSchema();
  }

  /**
   * Loads the batch. When its job fails because BigQuery rejects the data (reason {@code invalid}),
   * a batch of several files is cut to its first half, which the next interval tries (so a bad file
   * is found in a few jobs), and a batch of one file is rejected: the file leaves the queue and
   * {@link BigQueryWarehouse#load} refuses it from then on. Other failures save the batch with the
   * next attempt (a failed job id cannot be used again) and throw.
   *
   * @return whether the batch is loaded (false when it was cut)
   */
  boolean load(Batch batch) throws IOException, InterruptedException {
    JobId loadId = jobs.id(batch.loadJobId());
    Job job = jobs.find(loadId).orElse(null);
    List<TableSchema> files = schemas(batch);
    if (job == null) {
      job = submit(batch, loadId, files);
    }
    job = jobs.waitFor(job.getJobId());
    Optional<BigQueryError> error = Jobs.error(job);
    if (error.isPresent()) {
      if ("invalid".equals(error.get().getReason())) {
        return isolate(batch, loadId, error.get());
      }
      store.save(batch.nextLoadAttempt());
      throw new BinlakeException(
          ErrorCode.LOAD_FAILED,
          "Cannot load %d files of %s (%s … %s) into %s: load job %s failed: %s (binlake retries"
              + " the batch with a new job id; if BigQuery rejects the data, see the job in the"
              + " console)",
          batch.files().size(),
          batch.table(),
          batch.files().get(0).key(),
          batch.files().get(batch.files().size() - 1).key(),
          BigQueryNames.sqlName(names.historyTable(batch.table())),
          loadId.getJob(),
          Jobs.describe(error.get()));
    }
    recordLedger(batch);
    refreshView(batch, files);
    store.complete(batch);
    LOG.info(
        "Loaded {} files ({} rows) into {} with job {}",
        batch.files().size(),
        batch.rowCount(),
        names.historyTable(batch.table()).getTable(),
        loadId.getJob());
    return true;
  }

  private boolean isolate(Batch batch, JobId loadId, BigQueryError error) throws IOException {
    if (batch.files().size() > 1) {
      Batch half =
          Batch.of(batch.table(), batch.files().subList(0, (batch.files().size() + 1) / 2));
      store.replace(batch, half);
      LOG.warn(
          "BigQuery rejected the data of {} files of {} (job {}: {}); trying the first {} alone",
          batch.files().size(),
          batch.table(),
          loadId.getJob(),
          Jobs.describe(error),
          half.files().size());
      return false;
    }
    QueuedFile file = batch.files().get(0);
    String reason =
        String.format(
            "Cannot load %s into %s: BigQuery rejects its data (job %s: %s) (fix or remove the"
                + " file, then load it again from the dead letters)",
            file.key(),
            BigQueryNames.sqlName(names.historyTable(batch.table())),
            loadId.getJob(),
            Jobs.describe(error));
    store.reject(batch, reason);
    throw new BinlakeException(ErrorCode.FILE_INVALID, "%s", reason);
  }

  /**
   * The table shapes of the batch's files (from a change file's footer, or a DMS file's
   * description), in batch order; empty when copies are gone (the batch was loaded already).
   */
  private List<TableSchema> schemas(Batch batch) {
    List<TableSchema> files = new ArrayList<>();
    for (QueuedFile file : batch.files()) {
      Path copy = store.copyOf(file);
      if (!Files.exists(copy)) {
        return List.of();
      }
      files.add(
          file.dms().isPresent()
              ? file.dms().get().schema()
              : ParquetChangeReader.readChangeFile(copy, file.key()).schema());
    }
    return files;
  }

  private Job submit(Batch batch, JobId loadId, List<TableSchema> files)
      throws IOException, InterruptedException {
    if (files.isEmpty()) {
      throw new BinlakeException(
          ErrorCode.LOAD_FAILED,
          "Cannot load batch %s of %s: copies of its files are missing from the state folder and"
              + " BigQuery has no job %s (load the files %s again, e.g. with a listing pass)",
          batch.id(),
          batch.table(),
          loadId.getJob(),
          batch.files().stream().map(QueuedFile::key).collect(Collectors.joining(", ")));
    }
    ensureDataset(names.dataset(batch.table()));
    BatchShape shape = BatchShape.of(historySchema(batch.table()));
    for (int i = 0; i < files.size(); i++) {
      Optional<String> conflict = shape.conflict(files.get(i));
      if (conflict.isPresent()) {
        throw new BinlakeException(
            ErrorCode.LOAD_FAILED,
            "Cannot load %s into %s: %s (change the BigQuery column by hand, or move the file out"
                + " of the change-file prefix)",
            batch.files().get(i).key(),
            BigQueryNames.sqlName(names.historyTable(batch.table())),
            conflict.get());
      }
      shape.add(files.get(i));
    }
    Path merged = store.tempFile(batch.id() + ".parquet");
    try {
      List<Path> copies = batch.files().stream().map(store::copyOf).toList();
      if (batch.isDms()) {
        BatchFile.writeDms(
            merged,
            shape.fileSchema(batch.table()),
            batch.files().stream().map(f -> f.dms().orElseThrow()).toList(),
            copies);
      } else {
        BatchFile.write(merged, shape.fileSchema(batch.table()), files, copies);
      }
      WriteChannelConfiguration config =
          WriteChannelConfiguration.newBuilder(names.historyTable(batch.table()))
              .setFormatOptions(FormatOptions.parquet())
              .setSchema(shape.loadSchema())
              .setCreateDisposition(JobInfo.CreateDisposition.CREATE_IF_NEEDED)
              .setWriteDisposition(JobInfo.WriteDisposition.WRITE_APPEND)
              .setSchemaUpdateOptions(List.of(JobInfo.SchemaUpdateOption.ALLOW_FIELD_ADDITION))
              .setDecimalTargetTypes(DECIMAL_TARGET_TYPES)
              .build();
      try {
        TableDataWriteChannel writer = bigquery.writer(loadId, config);
        try (writer;
            FileChannel in = FileChannel.open(merged, StandardOpenOption.READ)) {
          ByteBuffer buffer = ByteBuffer.allocate(1 << 20);
          while (in.read(buffer) >= 0) {
            buffer.flip();
            while (buffer.hasRemaining()) {
              writer.write(buffer);
            }
            buffer.clear();
          }
        }
        recordJobCreated(batch.table());
        return writer.getJob();
      } catch (BigQueryException e) {
        if (e.getCode() != Jobs.ALREADY_EXISTS) {
          throw e;
        }
        LOG.info("Load job {} exists already: checking it instead", loadId.getJob());
        return jobs.find(loadId).orElseThrow(() -> e);
      }
    } finally {
      Files.deleteIfExists(merged);
    }
  }

  /**
   * Remembers when the table's last load job was created (the upload's end), so the next one comes
   * at least a batch interval later.
   */
  private void recordJobCreated(dev.binlake.api.TableId table) throws IOException {
    submitted.incrementAndGet();
    Optional<BatchStore.TableMark> mark = store.mark(table);
    store.saveMark(
        table,
        new BatchStore.TableMark(
            clock.instant(),
            mark.flatMap(BatchStore.TableMark::lastKey),
            mark.flatMap(BatchStore.TableMark::viewShape),
            mark.flatMap(BatchStore.TableMark::viewReason)));
  }

  /** Load jobs this loader created. */
  long submitted() {
    return submitted.get();
  }

  /** Writes the batch's ledger rows with a DML query job of its own id. */
  private void recordLedger(Batch batch) throws IOException, InterruptedException {
    StringBuilder sql =
        new StringBuilder("INSERT INTO ")
            .append(BigQueryNames.sqlName(names.ledger()))
            .append(" (object_key, schema_name, table_name, row_count, first_key, last_key,")
            .append(" job_id, loaded_at) VALUES ");
    java.util.Map<String, QueryParameterValue> parameters = new java.util.LinkedHashMap<>();
    for (int i = 0; i < batch.files().size(); i++) {
      QueuedFile file = batch.files().get(i);
      sql.append(i == 0 ? "" : ", ")
          .append(
              String.format(
                  "(@k%d, @schema, @table, @r%d, @f%d, @l%d, @job, CURRENT_TIMESTAMP())",
                  i, i, i, i));
      parameters.put("k" + i, QueryParameterValue.string(file.key()));
      parameters.put("r" + i, QueryParameterValue.int64(file.rowCount()));
      parameters.put("f" + i, QueryParameterValue.string(file.first()));
      parameters.put("l" + i, QueryParameterValue.string(file.last()));
    }
    parameters.put("schema", QueryParameterValue.string(batch.table().schema()));
    parameters.put("table", QueryParameterValue.string(batch.table().table()));
    parameters.put("job", QueryParameterValue.string(batch.loadJobId()));
    QueryJobConfiguration query =
        QueryJobConfiguration.newBuilder(sql.toString())
            .setUseLegacySql(false)
            .setNamedParameters(parameters)
            .build();
    JobId ledgerId = jobs.id(batch.ledgerJobId());
    Job job = jobs.runQuery(ledgerId, query);
    Optional<BigQueryError> error = Jobs.error(job);
    if (error.isPresent()) {
      store.save(batch.nextLedgerAttempt());
      throw new BinlakeException(
          ErrorCode.LOAD_FAILED,
          "Cannot record %d loaded files of %s in %s: job %s failed: %s (the rows are loaded;"
              + " binlake retries the ledger rows with a new job id)",
          batch.files().size(),
          batch.table(),
          BigQueryNames.sqlName(names.ledger()),
          ledgerId.getJob(),
          Jobs.describe(error.get()));
    }
  }

  /**
   * Creates or replaces the latest view when the batch's newest file is the table's newest so far
   * and its shape differs from the one the view shows.
   */
  private void refreshView(Batch batch, List<TableSchema> files) throws IOException {
    if (files.isEmpty()) {
      return; // copies gone: an earlier run got past this step
    }
    int newestIndex = 0;
    for (int i = 1; i < files.size(); i++) {
      if (batch.files().get(i).last().compareTo(batch.files().get(newestIndex).last()) > 0) {
        newestIndex = i;
      }
    }
    String newestLast = batch.files().get(newestIndex).last();
    Optional<BatchStore.TableMark> mark = store.mark(batch.table());
    boolean isNewest =
        mark.flatMap(BatchStore.TableMark::lastKey)
            .map(last -> newestLast.compareTo(last) > 0)
            .orElse(true);
    if (!isNewest) {
      return;
    }
    ViewKey key = keys.resolve(files.get(newestIndex));
    TableSchema schema = key.viewSchema();
    String shape =
        schema.columns().stream().map(Column::name).collect(Collectors.joining(","))
            + "|"
            + String.join(",", schema.primaryKey());
    Optional<String> reason =
        key.hasView()
            ? Optional.empty()
            : Optional.of(
                key.noViewReason(names.historyTable(batch.table()).getTable(), batch.isDms()));
    Optional<String> viewShape = mark.flatMap(BatchStore.TableMark::viewShape);
    Optional<String> viewReason = mark.flatMap(BatchStore.TableMark::viewReason);
    if (!viewShape.equals(Optional.of(shape)) || !viewReason.equals(reason)) {
      if (key.hasView()) {
        replaceView(batch.table(), schema);
        if (!key.ignored().isEmpty()) {
          LOG.warn(
              "{} names key {} for {}, which has primary key {} at the source: the view uses the"
                  + " primary key (remove the entry from {})",
              ViewKeys.OPTION,
              key.ignored(),
              batch.table(),
              schema.primaryKey(),
              ViewKeys.OPTION);
        }
      } else {
        if (bigquery.delete(names.view(batch.table()))) {
          LOG.info("Dropped latest view {}", names.view(batch.table()).getTable());
        }
        LOG.warn("{} has no latest view: {}", batch.table(), reason.get());
      }
    }
    store.saveMark(
        batch.table(),
        new BatchStore.TableMark(
            mark.map(BatchStore.TableMark::lastJobAt).orElse(clock.instant()),
            Optional.of(newestLast),
            Optional.of(shape),
            reason));
  }

  private void replaceView(dev.binlake.api.TableId table, TableSchema schema) {
    String sql =
        names.latestViewSql(
            table,
            schema.columns().stream()
                .map(Column::name)
                .filter(dev.binlake.api.MetadataColumns::isSourceColumn)
                .toList(),
            schema.primaryKey());
    TableInfo view =
        TableInfo.of(
            names.view(table), ViewDefinition.newBuilder(sql).setUseLegacySql(false).build());
    try {
      bigquery.create(view);
    } catch (BigQueryException e) {
      if (e.getCode() != Jobs.ALREADY_EXISTS) {
        throw e;
      }
      bigquery.update(view);
    }
    LOG.info(
        "Latest view {} shows {} columns, the latest row per {}",
        names.view(table).getTable(),
        schema.columns().size(),
        schema.primaryKey());
  }
}
