package dev.binlake.capture;

import static java.util.Objects.requireNonNull;

import dev.binlake.api.BinlakeException;
import dev.binlake.api.ErrorCode;
import dev.binlake.api.SourceOffset;
import dev.binlake.capture.mapping.Captured;
import dev.binlake.capture.mapping.RecordMapper;
import dev.binlake.capture.sink.ChangeSink;
import dev.binlake.capture.snapshot.ChunkedSnapshot;
import io.debezium.embedded.Connect;
import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.RecordChangeEvent;
import io.debezium.engine.format.ChangeEventFormat;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running capture: Debezium's embedded engine (snapshot, then binlog) feeding the change sink.
 * Records are handed to the sink in stream order on the engine's thread; a timer rolls files by
 * age.
 */
public final class Capture implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Capture.class);
  private static final Duration TICK = Duration.ofMillis(50);
  private static final String HEARTBEAT_TOPIC = "__debezium-heartbeat";
  // Heartbeat records that must pass while a chunked snapshot looks over (SnapshotSettle).
  private static final int HEARTBEATS_TO_SETTLE = 2;

  private final SourceSettings source;
  private final Path stateDir;
  private final ChangeSink sink;
  private final String snapshotLockingMode;
  private final RecordMapper mapper;
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private BinlakeException described;
  private final AtomicReference<BinlogPosition> position = new AtomicReference<>();
  private final CountDownLatch stopped = new CountDownLatch(1);
  // Heartbeat records seen in a row at the current position (see awaitPosition).
  private final AtomicReference<HeartbeatsAt> heartbeats = new AtomicReference<>();
  private final AtomicLong heartbeatRecords = new AtomicLong();
  private final AtomicLong directChanges = new AtomicLong();
  private volatile boolean closing;
  private final java.util.concurrent.atomic.AtomicInteger reconnects =
      new java.util.concurrent.atomic.AtomicInteger();
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
  private final ExecutorService engineThread =
      Executors.newSingleThreadExecutor(daemon("binlake-capture"));
  private final ScheduledExecutorService ticker =
      Executors.newSingleThreadScheduledExecutor(daemon("binlake-roll"));
  private volatile DebeziumEngine<RecordChangeEvent<SourceRecord>> engine;
  private ChunkedSnapshot chunked;
  private final dev.binlake.capture.snapshot.SnapshotOffsets snapshotOffsets =
      new dev.binlake.capture.snapshot.SnapshotOffsets();
  private volatile boolean restarting;
  private final java.util.concurrent.locks.ReentrantLock batchLock =
      new java.util.concurrent.locks.ReentrantLock();
  private volatile CountDownLatch restartDone = new CountDownLatch(1);
  // binlake's own binlog reader and the switching to it: null when Debezium reads throughout.
  private DirectReaders readers;
  private boolean preferDirect;

  public Capture(
      SourceSettings source, Path stateDir, ChangeSink sink, String snapshotLockingMode) {
    this.source = requireNonNull(source, "source is null");
    this.stateDir = requireNonNull(stateDir, "stateDir is null");
    this.sink = requireNonNull(sink, "sink is null");
    this.snapshotLockingMode = requireNonNull(snapshotLockingMode, "snapshotLockingMode is null");
    this.mapper = new RecordMapper(source.columns());
  }

  /**
   * Streams with binlake's own binlog reader where it can (see {@link DirectMode}), as the system
   * property or environment variable would ask for. Call before {@link #start}.
   */
  public Capture preferDirectReader() {
    preferDirect = true;
    return this;
  }

  /** Whether binlake's own binlog reader reads now (else Debezium's engine). */
  public boolean readsDirectly() {
    return readers != null && readers.readsDirectly();
  }

  /** Starts the engine from the sink's recovered resume offset. */
  public void start(Optional<SourceOffset> resumeOffset) {
    if (source.flavor() == SourceSettings.Flavor.MARIADB) {
      chunked = new ChunkedSnapshot(source, sink.snapshotRequests(), sink.snapshotProgress());
      chunked.prepare(resumeOffset);
    }
    resumeOffset
        .filter(offset -> !ChunkedSnapshot.isBlockingSnapshotOffset(offset))
        .map(BinlogPosition::of)
        .ifPresent(position::set);
    DirectMode.of(source, preferDirect || source.binlakeReader())
        .ifPresent(mode -> readers = new DirectReaders(this, mode, source, sink));
    LOG.info(
        "Starting capture from {} ({})",
        source.address(),
        resumeOffset.map(o -> "resuming at " + o).orElse("initial snapshot"));
    startEngine();
    ticker.scheduleWithFixedDelay(
        this::tick, TICK.toMillis(), TICK.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * A new reader starts from the checkpoint the sink wrote last: binlake's own binlog reader where
   * it may read on from there, else Debezium's engine.
   */
  void startEngine() {
    if (readers != null && readers.mayStartDirect()) {
      readers.startDirect();
    } else {
      startDebezium();
    }
  }

  /** A new Debezium engine reads its start offset from the checkpoint the sink wrote last. */
  private void startDebezium() {
    java.util.Properties properties = DebeziumProperties.of(source, stateDir, snapshotLockingMode);
    if (chunked != null) {
      // The start offset hands the wanted chunked snapshots to Debezium (CheckpointOffsetStore).
      chunked.beforeEngineStart(sink.resumeOffset());
      sink.checkpointNow();
      snapshotOffsets.startFrom(
          sink.resumeOffset()
              .map(
                  o ->
                      dev.binlake.capture.offset.SnapshotHandover.merge(
                          o.json(), sink.snapshotRequests().pending())));
      properties.putAll(chunked.properties());
    }
    restartDone = new CountDownLatch(1);
    engine =
        DebeziumEngine.create(ChangeEventFormat.of(Connect.class))
            .using(properties)
            .notifying(this::handleBatch)
            .using(this::completed)
            .build();
    engineThread.execute(engine);
  }

  /**
   * The source went away (restart, network): store what was captured so far, which makes the
   * checkpoint point right after it, then start a new engine after a backoff.
   */
  void reconnect(Throwable error) {
    int attempt = reconnects.incrementAndGet();
    long delay = Math.min(MAX_BACKOFF.toMillis(), 500L << Math.min(attempt - 1, 6));
    LOG.warn(
        "Lost the source ({}); reconnecting in {} ms (attempt {})",
        CaptureErrors.firstLine(error),
        delay,
        attempt);
    ticker.schedule(
        () -> {
          if (closing) {
            return;
          }
          try {
            sink.flush();
            startEngine();
          } catch (RuntimeException e) {
            fail(e);
          }
        },
        delay,
        TimeUnit.MILLISECONDS);
    // Reset the count once capture has run without trouble for a while.
    ticker.schedule(
        () -> reconnects.compareAndSet(attempt, 0), delay + 60_000, TimeUnit.MILLISECONDS);
  }

  /** Stops Debezium's engine, stores what it captured and starts the next reader. */
  void replaceEngine(String why) {
    if (closing) {
      return;
    }
    LOG.info("Restarting the capture engine {}", why);
    restarting = true;
    // No batch may be inside the sink when the engine stops (stopping interrupts its threads, which
    // would break a file being stored): wait for the current one; later ones are skipped and
    // replayed by the new engine from the checkpoint.
    batchLock.lock();
    try {
      if (engine == null) {
        restarting = false;
        return; // binlake's own reader reads: no engine to replace
      }
      engine.close();
      if (!restartDone.await(60, TimeUnit.SECONDS)) {
        LOG.warn("Debezium engine did not stop within 60 s; starting a new one anyway");
      }
      engine = null;
      if (closing) {
        return;
      }
      sink.flush();
      restarting = false;
      startEngine();
    } catch (IOException | RuntimeException e) {
      restarting = false;
      fail(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      batchLock.unlock();
    }
  }

  /** A record of binlake's own binlog reader: to the sink, then progress as for Debezium's. */
  void acceptDirect(Captured captured, boolean heartbeat) {
    sink.accept(captured);
    if (captured instanceof Captured.Change) {
      directChanges.incrementAndGet();
    }
    if (heartbeat) {
      heartbeatRecords.incrementAndGet();
    }
    BinlogPosition next = BinlogPosition.of(captured.offset());
    position.accumulateAndGet(
        next, (old, now) -> old == null || now.compareTo(old) > 0 ? now : old);
    if (heartbeat) {
      heartbeats.updateAndGet(h -> HeartbeatsAt.next(h, next));
    }
  }

  /** Changes binlake's own binlog reader handed to the sink. */
  public long directChanges() {
    return directChanges.get();
  }

  long heartbeatRecords() {
    return heartbeatRecords.get();
  }

  /** Runs {@code task} on the capture's timer thread (switching readers, reconnecting). */
  void schedule(Runnable task) {
    if (!closing) {
      ticker.execute(task);
    }
  }

  /** Runs a switch of readers on the timer thread, never while capture closes (see close). */
  void scheduleSwitch(Runnable task) {
    schedule(
        () -> {
          batchLock.lock();
          try {
            if (!closing) {
              task.run();
            }
          } finally {
            batchLock.unlock();
          }
        });
  }

  /** How often capture lost the source and reconnected. */
  public int reconnects() {
    return reconnects.get();
  }

  private void handleBatch(
      List<RecordChangeEvent<SourceRecord>> records,
      DebeziumEngine.RecordCommitter<RecordChangeEvent<SourceRecord>> committer)
      throws InterruptedException {
    if (restarting) {
      return; // the engine is being replaced: these records are replayed from the checkpoint
    }
    batchLock.lockInterruptibly();
    try {
      if (restarting) {
        return;
      }
      for (RecordChangeEvent<SourceRecord> event : records) {
        SourceRecord record = event.record();
        if (chunked != null) {
          record = snapshotOffsets.complete(record);
          chunked.ddl(record);
          if (chunked.observe(record.sourceOffset())) {
            // Restart so the new engine's start offset hands the wanted snapshots over.
            ticker.execute(() -> replaceEngine("to start the chunked snapshot"));
          }
        }
        Captured captured = mapper.map(record);
        sink.accept(captured);
        boolean heartbeat = record.topic() != null && record.topic().startsWith(HEARTBEAT_TOPIC);
        if (heartbeat) {
          heartbeatRecords.incrementAndGet();
        }
        if (!isSnapshotRunning(record.sourceOffset())) {
          BinlogPosition next = BinlogPosition.of(captured.offset());
          position.accumulateAndGet(
              next, (old, now) -> old == null || now.compareTo(old) > 0 ? now : old);
          if (heartbeat) {
            heartbeats.updateAndGet(h -> HeartbeatsAt.next(h, next));
          }
        }
        committer.markProcessed(event);
        if (readers != null) {
          readers.afterDebeziumRecord(record.sourceOffset(), isSnapshotIdle(), chunked);
        }
      }
      committer.markBatchFinished();
    } catch (RuntimeException e) {
      fail(e);
      throw e;
    } finally {
      batchLock.unlock();
    }
  }

  /**
   * No chunked snapshot runs or waits. A chunk file still open means its table's rows still come,
   * whatever the last offset said.
   */
  private boolean isSnapshotIdle() {
    return chunked == null || (chunked.isIdle() && !sink.holdsSnapshotRows());
  }

  /** Offsets taken during a snapshot carry its binlog point, which is not progress yet. */
  private static boolean isSnapshotRunning(java.util.Map<String, ?> offset) {
    return dev.binlake.capture.snapshot.IncrementalOffsets.isBlockingSnapshot(offset);
  }

  private void tick() {
    try {
      sink.tick();
    } catch (RuntimeException e) {
      fail(e);
    }
  }

  private void completed(boolean success, String message, Throwable error) {
    if (restarting) {
      restartDone.countDown(); // the engine being replaced has stopped
      if (!closing) {
        return;
      }
    }
    Throwable problem = success ? null : error != null ? error : new IllegalStateException(message);
    if (problem != null && !closing && CaptureErrors.isConnectionLoss(problem)) {
      reconnect(problem);
      return;
    }
    if (problem != null) {
      fail(problem);
    }
    stopped.countDown();
  }

  void fail(Throwable error) {
    if (closing) {
      LOG.debug("Engine stopped while closing: {}", error.toString());
      stopped.countDown();
      return;
    }
    if (failure.compareAndSet(null, error)) {
      LOG.error("Capture failed: {}", failure().map(Throwable::getMessage).orElse(""));
      stopped.countDown();
    }
  }

  /** The binlog position up to which every change has been handed to the sink. */
  public Optional<BinlogPosition> position() {
    return Optional.ofNullable(position.get());
  }

  /** The failure that stopped capture, translated into an actionable exception, if any. */
  public Optional<BinlakeException> failure() {
    Throwable error = failure.get();
    if (error == null) {
      return Optional.empty();
    }
    synchronized (failure) {
      // Described once: describing may look the failing statement up on the source.
      if (described == null) {
        described = CaptureErrors.describe(error, source, position());
      }
      return Optional.of(described);
    }
  }

  public boolean isStopped() {
    return stopped.getCount() == 0;
  }

  /** Blocks until capture stops (after {@link #close()} or a failure); returns the failure. */
  public Optional<BinlakeException> awaitStop() throws InterruptedException {
    stopped.await();
    return failure();
  }

  /**
   * Waits until every change up to {@code target} has been handed to the sink; throws the capture's
   * failure if it stops first.
   */
  public void awaitPosition(BinlogPosition target, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    SnapshotSettle settle = new SnapshotSettle(HEARTBEATS_TO_SETTLE);
    while (true) {
      failure()
          .ifPresent(
              e -> {
                throw e;
              });
      BinlogPosition now = position.get();
      boolean settled =
          settle.settled(
              isSnapshotIdle(), chunked != null && chunked.tookPart(), heartbeatRecords.get());
      if (now != null && now.compareTo(target) >= 0 && settled) {
        return;
      }
      if (now != null
          && settled
          && HeartbeatsAt.handledTrailingDdl(heartbeats, source, now, target)) {
        LOG.info("Reached {}: only a DDL transaction lies between {} and it", target, now);
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new BinlakeException(
            ErrorCode.CAPTURE_FAILED,
            "Cannot catch up with the source: reached %s of %s within %s (is the source very busy"
                + " or the network slow? try again or raise the timeout)",
            now,
            target,
            timeout);
      }
      stopped.await(20, TimeUnit.MILLISECONDS);
    }
  }

  /** Stops the engine, then stores every open file: all changes seen so far become durable. */
  @Override
  public void close() {
    closing = true;
    // A switch of readers in progress finishes first (it stops at `closing`): interrupting it
    // could leave an engine half-stopped, its metrics still registered.
    batchLock.lock();
    batchLock.unlock();
    ticker.shutdownNow();
    if (readers != null) {
      readers.close();
    }
    if (engine != null) {
      try {
        engine.close();
      } catch (IOException | RuntimeException e) {
        LOG.warn("Debezium engine did not close cleanly: {}", e.getMessage());
      }
    }
    engineThread.shutdown();
    try {
      if (!engineThread.awaitTermination(30, TimeUnit.SECONDS)) {
        LOG.warn("Debezium engine thread still running after 30 s; leaving it behind");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    // After a failed store the sink's failure has been reported once already; flushing would throw
    // the same exception again (and a try-with-resources cannot suppress an exception into itself).
    try {
      if (failure.get() == null && !sink.hasFailed()) {
        sink.flush();
      }
    } finally {
      sink.close();
    }
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return runnable -> {
      Thread thread = new Thread(runnable, name);
      thread.setDaemon(true);
      return thread;
    };
  }
}
