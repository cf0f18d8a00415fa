package dev.binlake.capture.sink;

import static java.util.Objects.requireNonNull;

import dev.binlake.api.BinlakeException;
import dev.binlake.api.ChangeFile;
import dev.binlake.api.ChangeRecord;
import dev.binlake.api.ErrorCode;
import dev.binlake.api.EventTransport;
import dev.binlake.api.ObjectCreated;
import dev.binlake.api.ObjectStore;
import dev.binlake.api.SourceOffset;
import dev.binlake.api.StoredObject;
import dev.binlake.api.TableId;
import dev.binlake.capture.mapping.Captured;
import dev.binlake.capture.offset.Checkpoint;
import dev.binlake.capture.offset.CheckpointStore;
import dev.binlake.capture.offset.TableProgress;
import dev.binlake.files.DmsLayout;
import dev.binlake.files.ParquetChangeWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
 */
public final class ChangeSink implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ChangeSink.class);
  private static final Duration IDLE_CHECKPOINT_INTERVAL = Duration.ofSeconds(1);

  private final ObjectStore store;
  private final EventTransport events;
  private final CheckpointStore checkpoints;
  private final SinkSettings settings;
  private final Clock clock;
  private final Map<TableId, TableProgress> progress = new HashMap<>();
  private final Map<TableId, OpenFile> open = new LinkedHashMap<>();
  private final AtomicLong sequencer = new AtomicLong();
  private final SinkCounters counters = new SinkCounters();
  private Optional<SourceOffset> lastOffset = Optional.empty();

  /**
   * The offset just before the group of records that share {@link #lastOffset}. Debezium gives the
   * two halves of a primary-key update (delete + insert) one offset, "after this row": resuming at
   * it would skip the insert if only the delete was stored. While such a pair is open ({@link
   * #awaitingInsertHalf}), and for a file that starts with its insert half, the resume point is the
   * offset before the pair; what was stored of it is dropped by the high-water mark.
   */
  private Optional<SourceOffset> groupStart = Optional.empty();

  private boolean awaitingInsertHalf;

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
  }

  /**
   * Reads the checkpoint and trusts the object store over it: a file stored just before a crash,
   * whose checkpoint was never written, still raises its table's high-water mark. Returns the
   * offset to resume from (empty: start with a snapshot).
   */
  public synchronized Optional<SourceOffset> recover() {
    Checkpoint checkpoint = checkpoints.read();
    progress.putAll(checkpoint.tables());
    new StoreScan(store, settings.prefix(), settings.workDir()).raise(progress);
    lastOffset = checkpoint.resumeOffset();
    groupStart = lastOffset;
    checkpointedOffset = lastOffset;
    cleanWorkDir();
    if (lastOffset.isEmpty() && !progress.isEmpty()) {
      LOG.warn(
          "The store holds change files but the state folder has no resume position: taking a new"
              + " snapshot; history gets its rows again as of the new snapshot point");
    }
    return lastOffset;
  }

  public synchronized void accept(Captured captured) {
    if (captured instanceof Captured.Change change) {
      acceptChange(change);
    } else if (!movesBackwards(captured.offset())) {
      advance(captured.offset(), false);
    }
  }

  private void advance(SourceOffset offset, boolean opensKeyUpdate) {
    Optional<SourceOffset> next = Optional.of(offset);
    if (!next.equals(lastOffset)) {
      groupStart = lastOffset;
      lastOffset = next;
    }
    awaitingInsertHalf = opensKeyUpdate;
  }

  private void acceptChange(Captured.Change change) {
    ChangeRecord record = change.record();
    TableId table = record.table();
    TableProgress tableProgress = progress.getOrDefault(table, TableProgress.NONE);
    advance(record.offset(), change.opensKeyUpdate());
    if (!record.orderKey().isAfter(tableProgress.lastKey())) {
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
    sequence++;
    counters.written++;
    if (change.endsTableSnapshot() || shouldRoll(file)) {
      roll(file);
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

  /** Rolls files whose age or size calls for it; records idle progress. Call periodically. */
  public synchronized void tick() {
    for (OpenFile file : List.copyOf(open.values())) {
      if (shouldRoll(file)) {
        roll(file);
      }
    }
    Instant now = clock.instant();
    if (open.isEmpty()
        && !resumeOffset().equals(checkpointedOffset)
        && Duration.between(lastCheckpointAt, now).compareTo(IDLE_CHECKPOINT_INTERVAL) >= 0) {
      writeCheckpoint();
    }
  }

  /** Stores every open file and writes the checkpoint: all records seen so far are durable. */
  public synchronized void flush() {
    for (OpenFile file : List.copyOf(open.values())) {
      roll(file);
    }
    if (!resumeOffset().equals(checkpointedOffset)) {
      writeCheckpoint();
    }
  }

  /** The resume offset that the checkpoint would hold now. */
  public synchronized Optional<SourceOffset> resumeOffset() {
    return open.values().stream()
        .min(Comparator.comparingLong(f -> f.firstSequence))
        .map(f -> f.resumeOffset)
        .orElse(awaitingInsertHalf ? groupStart : lastOffset);
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
    Path path = settings.workDir().resolve(UUID.randomUUID() + ".parquet");
    try {
      Files.createDirectories(settings.workDir());
    } catch (IOException e) {
      throw new BinlakeException(
          ErrorCode.STORAGE_FAILED,
          e,
          "Cannot create change file in %s: %s (check that the state folder is writable)",
          settings.workDir(),
          e.getMessage());
    }
    ParquetChangeWriter writer =
        ParquetChangeWriter.open(path, record.schema(), kind, settings.codec());
    OpenFile file =
        new OpenFile(
            record.schema(), kind, loadNumber, sequence, groupStart, clock.instant(), path, writer);
    open.put(record.table(), file);
    return file;
  }

  private void roll(OpenFile file) {
    TableId table = file.schema.table();
    String key =
        file.kind == ChangeFile.Kind.LOAD
            ? DmsLayout.loadKey(settings.prefix(), table, file.loadNumber)
            : DmsLayout.cdcKey(settings.prefix(), table, file.firstCommitMicros, file.firstKey);
    long started = System.nanoTime();
    StoredObject stored;
    ChangeFile changeFile;
    try {
      changeFile = file.writer.finish(key);
      stored = store.put(key, file.path);
    } finally {
      // Stored or not, the local copy goes: a failed file's changes are redelivered after restart.
      deleteQuietly(file.path);
      open.remove(table);
    }
    progress.merge(
        table,
        TableProgress.NONE.merge(changeFile.last(), file.loadNumber),
        (old, ignored) -> old.merge(changeFile.last(), file.loadNumber));
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
    Optional<SourceOffset> resume = resumeOffset();
    Instant now = clock.instant();
    checkpoints.write(new Checkpoint(resume, progress, now));
    checkpointedOffset = resume;
    lastCheckpointAt = now;
  }

  private void cleanWorkDir() {
    if (!Files.isDirectory(settings.workDir())) {
      return;
    }
    try (var files = Files.list(settings.workDir())) {
      List<Path> leftovers = new ArrayList<>(files.toList());
      leftovers.forEach(ChangeSink::deleteQuietly);
    } catch (IOException e) {
      LOG.warn("Cannot clean {}: {}", settings.workDir(), e.getMessage());
    }
  }

  private static void deleteQuietly(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      LOG.warn("Cannot delete {}: {}", path, e.getMessage());
    }
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
