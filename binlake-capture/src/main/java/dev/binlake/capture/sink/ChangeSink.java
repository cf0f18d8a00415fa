package dev.binlake.capture.sink;

import static java.util.Objects.requireNonNull;

import dev.binlake.api.ChangeFile;
import dev.binlake.api.ChangeRecord;
import dev.binlake.api.EventTransport;
import dev.binlake.api.ObjectCreated;
import dev.binlake.api.ObjectStore;
import dev.binlake.api.Op;
import dev.binlake.api.SourceOffset;
import dev.binlake.api.StoredObject;
import dev.binlake.api.TableId;
import dev.binlake.api.TableSchema;
import dev.binlake.capture.mapping.Captured;
import dev.binlake.capture.offset.Checkpoint;
import dev.binlake.capture.offset.CheckpointStore;
import dev.binlake.capture.offset.PendingStore;
import dev.binlake.capture.offset.TableProgress;
import dev.binlake.capture.snapshot.SnapshotProgress;
import dev.binlake.capture.snapshot.SnapshotRequests;
import dev.binlake.files.DmsLayout;
import dev.binlake.files.ParquetChangeWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives captured records in stream order and turns them into stored change files, exactly once.
 *
 * <p>The checkpoint's resume offset is the offset just before the oldest record still buffered in
 * any open file (or the last record seen when nothing is buffered), so a restart redelivers every
 * record that was not yet stored. Redelivered records whose order key is at or below their table's
 * stored high-water mark are dropped. The checkpoint is written only after the file is stored.
 *
 * <p>Rows of a chunked (incremental) snapshot are never redelivered: a restart continues the
 * snapshot after the last row the resume offset carries. Two rules keep that exact: a file with
 * such rows is stored only together with every file opened before its last row (so the resume
 * offset never lies before a stored snapshot row), and such a row whose order key is not above its
 * table's last key (the same binlog point after a restart) gets the next key instead of being
 * dropped.
 */
public final class ChangeSink implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ChangeSink.class);
  private static final Duration IDLE_CHECKPOINT_INTERVAL = Duration.ofSeconds(1);

  private final ObjectStore store;
  private final EventTransport events;
  private final CheckpointStore checkpoints;
  private final SinkSettings settings;
  private final Clock clock;
  private final WorkFiles workFiles;
  private final Map<TableId, TableProgress> progress = new HashMap<>();
  private final Map<TableId, OpenFile> open = new LinkedHashMap<>();
  // The shape of each table's newest file written by this process, for DROP TABLE markers.
  private final Map<TableId, TableSchema> shapes = new HashMap<>();
  private final AtomicLong sequencer = new AtomicLong();
  private final SinkCounters counters = new SinkCounters();
  private final SnapshotRows chunkRows = new SnapshotRows();
  private final Map<TableId, Long> snapshotRows = new HashMap<>();
  private final SnapshotRequests snapshotRequests = new SnapshotRequests();
  private final SnapshotProgress snapshotProgress = new SnapshotProgress();
  private Instant lastProgressLog = Instant.EPOCH;
  private Optional<SourceOffset> lastOffset = Optional.empty();

  /**
   * The offset to resume from to get the latest record again. Debezium's offset of a row says
   * "after this row", and both halves of a primary-key update (delete + insert) come from one row:
   * their offsets name the same binlog row, and differ only in the transaction's event counters
   * (with transaction metadata on) or not at all. Resuming at the delete half's offset skips the
   * insert half. So while such a pair is open ({@link #awaitingInsertHalf}), for its insert half,
   * and for a file that starts with it, the resume point stays the offset before the pair; what was
   * stored of it again is dropped by the high-water mark.
   */
  private Optional<SourceOffset> groupStart = Optional.empty();

  private boolean awaitingInsertHalf;

  /**
   * Set when the store holds changes but there is no resume offset: a new snapshot replaces what
   * history has (state folder deleted, binlog purged). Tables it reads get a TRUNCATE marker first,
   * so their latest views drop rows deleted while binlake was not reading.
   */
  private boolean resnapshot;

  private final java.util.Set<TableId> resnapshotMarked = new java.util.HashSet<>();

  // Set when a record could not be taken or a file not finished or stored: the changes after the
  // checkpoint are not all durable then, so flush() fails, accept() refuses and no checkpoint
  // moves.
  private RuntimeException failure;

  private Optional<SourceOffset> checkpointedOffset = Optional.empty();
  private Instant lastCheckpointAt = Instant.EPOCH;
  private long sequence;

  public ChangeSink(
      ObjectStore store,
      EventTransport events,
      CheckpointStore checkpoints,
      SinkSettings settings,
      Clock clock) {
    this.store = requireNonNull(store, "store is null");
    this.events = requireNonNull(events, "events is null");
    this.checkpoints = requireNonNull(checkpoints, "checkpoints is null");
    this.settings = requireNonNull(settings, "settings is null");
    this.clock = requireNonNull(clock, "clock is null");
    this.workFiles = new WorkFiles(settings.workDir());
  }

  /**
   * Reads the checkpoint and trusts the object store over it: a file stored just before a crash,
   * whose checkpoint was never written, still raises its table's high-water mark. Returns the
   * offset to resume from (empty: start with a snapshot).
   */
  public synchronized Optional<SourceOffset> recover() {
    Checkpoint checkpoint = checkpoints.read();
    snapshotRequests.replaceWith(checkpoint.pendingSnapshots());
    snapshotRows.putAll(checkpoint.snapshotRows());
    progress.putAll(checkpoint.tables());
    new StoreScan(store, settings.prefix(), settings.workDir()).raise(progress);
    lastOffset = checkpoint.resumeOffset();
    if (checkpoint.storing().isPresent()
        && store.stat(checkpoint.storing().get().key()).isPresent()) {
      PendingStore stored = checkpoint.storing().get();
      LOG.info(
          "Found {} with snapshot rows stored just before the last stop; resuming after it",
          stored.key());
      lastOffset = Optional.of(stored.resumeIfStored());
      snapshotRows.merge(stored.table(), stored.rows(), Long::sum);
      snapshotRequests.covered(stored.table());
    }
    snapshotProgress.storedBefore(snapshotRows);
    groupStart = lastOffset;
    checkpointedOffset = lastOffset;
    workFiles.clean();
    resnapshot = lastOffset.isEmpty() && !progress.isEmpty();
    if (resnapshot) {
      LOG.warn(
          "The store holds change files but the state folder has no resume position: taking a new"
              + " snapshot; history gets its rows again as of the new snapshot point, after a"
              + " TRUNCATE marker per table");
    }
    return lastOffset;
  }

  /**
   * Takes the next record in stream order.
   *
   * @throws RuntimeException if the record cannot be written or a file cannot be stored, and then
   *     for every later call: the changes after the checkpoint are not all durable (a failed file's
   *     local copy is gone, a refused record is past the offset already), so this sink takes
   *     nothing more and never moves the checkpoint again; a restart reads them from the source
   */
  public synchronized void accept(Captured captured) {
    if (failure != null) {
      throw failure;
    }
    try {
      rollFinishedSnapshots(captured);
      if (captured instanceof Captured.Change change) {
        acceptChange(change);
      } else if (captured instanceof Captured.TablesDropped dropped) {
        acceptDrop(dropped);
      } else if (!movesBackwards(captured.offset())) {
        advance(captured.offset(), false);
      }
    } catch (RuntimeException e) {
      failure = e;
      throw e;
    }
  }

  /** A table's chunked snapshot is over once its rows stop: store its file then. */
  private void rollFinishedSnapshots(Captured captured) {
    if (!open.isEmpty()) {
      SnapshotRows.finished(captured, open.values()).forEach(this::roll);
    }
  }

  private void advance(SourceOffset offset, boolean opensKeyUpdate) {
    Optional<SourceOffset> next = Optional.of(offset);
    if (!next.equals(lastOffset)) {
      if (!awaitingInsertHalf) {
        groupStart = lastOffset;
      }
      lastOffset = next;
    }
    awaitingInsertHalf = opensKeyUpdate;
  }

  private void acceptChange(Captured.Change change) {
    ChangeRecord record = change.record();
    TableId table = record.table();
    if (resnapshot
        && record.phase() == ChangeRecord.Phase.SNAPSHOT
        && progress.containsKey(table)
        && resnapshotMarked.add(table)) {
      acceptChange(new Captured.Change(SnapshotRows.truncateMarker(record), false));
    }
    TableProgress tableProgress = progress.getOrDefault(table, TableProgress.NONE);
    advance(record.offset(), change.opensKeyUpdate());
    boolean chunked = SnapshotRows.isChunkRow(record);
    if (chunked) {
      record = chunkRows.keyed(record, tableProgress);
      snapshotProgress.read(table, clock.instant());
    } else if (!record.orderKey().isAfter(tableProgress.lastKey())) {
      counters.dropped++;
      return;
    }
    ChangeFile.Kind kind =
        record.phase() == ChangeRecord.Phase.SNAPSHOT ? ChangeFile.Kind.LOAD : ChangeFile.Kind.CDC;
    OpenFile file = open.get(table);
    if (file != null && !file.accepts(record, kind)) {
      roll(file);
      file = null;
    }
    if (file == null) {
      file = openFile(record, kind, tableProgress);
    }
    file.write(record);
    file.lastSequence = sequence;
    file.holdsChunkedSnapshot |= chunked;
    chunkRows.written(table, record.orderKey());
    sequence++;
    counters.written++;
    if (change.endsTableSnapshot() || shouldRoll(file)) {
      roll(file);
    }
  }

  /**
   * A DROP TABLE: per dropped table that binlake has stored changes of, a {@link Op#DROP_TABLE}
   * marker in the shape of its newest file (every column NULL), so its latest view empties. A table
   * re-created later continues after the marker.
   */
  private void acceptDrop(Captured.TablesDropped dropped) {
    boolean marked = false;
    for (TableId table : dropped.tables()) {
      Optional<TableSchema> shape = newestShape(table);
      if (shape.isPresent()) {
        TableSchema schema = shape.get().withOptionalColumns();
        acceptChange(
            new Captured.Change(
                new ChangeRecord(
                    schema,
                    Op.DROP_TABLE,
                    ChangeRecord.Phase.STREAM,
                    dropped.orderKey(),
                    dropped.commitTimeMicros(),
                    new Object[schema.columns().size()],
                    dropped.offset()),
                false));
        marked = true;
      }
    }
    if (!marked && !movesBackwards(dropped.offset())) {
      advance(dropped.offset(), false);
    }
  }

  /**
   * After a restart by GTID the server announces the binlog file at position 4 before the events at
   * the resume point; that offset is equivalent for resuming but reads as going backwards.
   */
  private boolean movesBackwards(SourceOffset offset) {
    return lastOffset
        .filter(last -> last.binlogFile().equals(offset.binlogFile()))
        .filter(last -> offset.binlogPosition() < last.binlogPosition())
        .isPresent();
  }

  /**
   * The shape of the table's newest change file: the open one, the newest this process stored, or
   * the newest in the store. The direct binlog reader decodes rows into it.
   */
  public synchronized Optional<TableSchema> newestShape(TableId table) {
    return Optional.ofNullable(open.get(table))
        .map(f -> f.schema)
        .or(() -> Optional.ofNullable(shapes.get(table)))
        .or(() -> new StoreScan(store, settings.prefix(), settings.workDir()).newestShape(table));
  }

  /** Tables whose chunked snapshot is asked for but not yet carried by the checkpoint. */
  public SnapshotRequests snapshotRequests() {
    return snapshotRequests;
  }

  /** Per-table snapshot progress (rows done, estimates, rate). */
  public SnapshotProgress snapshotProgress() {
    return snapshotProgress;
  }

  /** Rolls files whose age or size calls for it; records idle progress. Call periodically. */
  public synchronized void tick() {
    if (failure != null) {
      return; // a failed sink stores and checkpoints nothing more (see accept)
    }
    for (OpenFile file : List.copyOf(open.values())) {
      // A file may have been stored already, before a file with snapshot rows.
      if (open.get(file.schema.table()) == file && shouldRoll(file)) {
        roll(file);
      }
    }
    Instant now = clock.instant();
    if (Duration.between(lastProgressLog, now).compareTo(Duration.ofSeconds(1)) >= 0) {
      snapshotProgress.log(now, false);
      lastProgressLog = now;
    }
    if (open.isEmpty()
        && !resumeOffset().equals(checkpointedOffset)
        && Duration.between(lastCheckpointAt, now).compareTo(IDLE_CHECKPOINT_INTERVAL) >= 0) {
      writeCheckpoint();
    }
  }

  /** Stores every open file and writes the checkpoint: all records seen so far are durable. */
  public synchronized void flush() {
    if (failure != null) {
      throw failure;
    }
    for (OpenFile file : List.copyOf(open.values())) {
      roll(file);
    }
    if (!resumeOffset().equals(checkpointedOffset)) {
      writeCheckpoint();
    }
  }

  /**
   * Whether taking a record or storing a file failed: its failure was thrown to the caller then,
   * and {@link #flush} throws it again (the open changes are not durable).
   */
  public synchronized boolean hasFailed() {
    return failure != null;
  }

  /** Writes the checkpoint now (e.g. after the wanted snapshots changed). */
  public synchronized void checkpointNow() {
    writeCheckpoint();
  }

  /** The resume offset that the checkpoint would hold now. */
  public synchronized Optional<SourceOffset> resumeOffset() {
    return open.values().stream()
        .min(Comparator.comparingLong(f -> f.firstSequence))
        .map(f -> f.resumeOffset)
        .orElse(awaitingInsertHalf ? groupStart : lastOffset);
  }

  /** Whether an open file holds chunked-snapshot rows: that table's snapshot is not over yet. */
  public synchronized boolean holdsSnapshotRows() {
    return open.values().stream().anyMatch(file -> file.holdsChunkedSnapshot);
  }

  public synchronized SinkCounters counters() {
    return counters.copy();
  }

  private boolean shouldRoll(OpenFile file) {
    Duration age = Duration.between(file.openedAt, clock.instant());
    return settings.policy().shouldRoll(age, file.writer.estimatedSize());
  }

  private OpenFile openFile(
      ChangeRecord record, ChangeFile.Kind kind, TableProgress tableProgress) {
    int loadNumber = kind == ChangeFile.Kind.LOAD ? tableProgress.lastLoadNumber() + 1 : 0;
    Path path = workFiles.newFile();
    ParquetChangeWriter writer =
        ParquetChangeWriter.open(path, record.schema(), kind, settings.codec());
    OpenFile file =
        new OpenFile(
            record.schema(), kind, loadNumber, sequence, groupStart, clock.instant(), path, writer);
    open.put(record.table(), file);
    shapes.put(record.table(), record.schema());
    return file;
  }

  private void roll(OpenFile file) {
    TableId table = file.schema.table();
    if (open.get(table) != file) {
      return; // stored already, by the rule below
    }
    if (file.holdsChunkedSnapshot) {
      // Store every file opened before this file's last row first: the checkpoint written after
      // this file must resume after its last snapshot row, never before it.
      for (OpenFile older : List.copyOf(open.values())) {
        if (older != file && older.firstSequence < file.lastSequence) {
          roll(older);
        }
      }
    }
    String key =
        file.kind == ChangeFile.Kind.LOAD
            ? DmsLayout.loadKey(settings.prefix(), table, file.loadNumber)
            : DmsLayout.cdcKey(settings.prefix(), table, file.firstCommitMicros, file.firstKey);
    long started = System.nanoTime();
    StoredObject stored;
    ChangeFile changeFile;
    try {
      changeFile = file.writer.finish(key);
      if (file.holdsChunkedSnapshot) {
        // Where capture resumes once this file is stored, written down before storing it.
        open.remove(table);
        Optional<SourceOffset> after = resumeOffset();
        open.put(table, file);
        if (after.isPresent()) {
          writeCheckpoint(
              Optional.of(new PendingStore(key, table, changeFile.rowCount(), after.get())));
        }
      }
      stored = store.put(key, file.path);
    } catch (RuntimeException e) {
      failure = e; // this sink's changes are not all durable: it must not report otherwise
      throw e;
    } finally {
      // Stored or not, the local copy goes: a failed file's changes are redelivered after restart.
      WorkFiles.delete(file.path);
      open.remove(table);
    }
    progress.merge(
        table,
        TableProgress.NONE.merge(changeFile.last(), file.loadNumber),
        (old, ignored) -> old.merge(changeFile.last(), file.loadNumber));
    if (file.kind == ChangeFile.Kind.LOAD) {
      snapshotRows.merge(table, changeFile.rowCount(), Long::sum);
      if (file.holdsChunkedSnapshot) {
        snapshotRequests.covered(table);
      }
    }
    writeCheckpoint();
    counters.files++;
    LOG.info(
        "Stored {} ({} rows, {} bytes, {} ms)",
        key,
        changeFile.rowCount(),
        stored.size(),
        (System.nanoTime() - started) / 1_000_000);
    events.publish(
        new ObjectCreated(
            UUID.randomUUID().toString(),
            clock.instant(),
            settings.region(),
            store.bucket(),
            key,
            stored.size(),
            stored.etag(),
            String.format("%016X", sequencer.incrementAndGet()),
            "PutObject"));
  }

  private void writeCheckpoint() {
    writeCheckpoint(Optional.empty());
  }

  private void writeCheckpoint(Optional<PendingStore> storing) {
    if (failure != null) {
      // A failed file's local copy is gone, a refused record is past the offset: only the source
      // still has those changes, and the last checkpoint before the failure points before them.
      return;
    }
    Optional<SourceOffset> resume = resumeOffset();
    Instant now = clock.instant();
    resume.ifPresent(snapshotRequests::coverBy);
    checkpoints.write(
        new Checkpoint(resume, progress, now, snapshotRequests.pending(), snapshotRows, storing));
    checkpointedOffset = resume;
    lastCheckpointAt = now;
  }

  /** Abandons open files without storing them; their records are redelivered after a restart. */
  @Override
  public synchronized void close() {
    for (OpenFile file : open.values()) {
      file.writer.abort();
    }
    open.clear();
  }
}
