package dev.binlake.capture;

import static java.util.Objects.requireNonNull;

import dev.binlake.api.BinlakeException;
import dev.binlake.api.ErrorCode;
import dev.binlake.api.SourceOffset;
import dev.binlake.capture.mapping.Captured;
import dev.binlake.capture.mapping.RecordMapper;
import dev.binlake.capture.sink.ChangeSink;
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

  private final SourceSettings source;
  private final Path stateDir;
  private final ChangeSink sink;
  private final String snapshotLockingMode;
  private final RecordMapper mapper = new RecordMapper();
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private final AtomicReference<BinlogPosition> position = new AtomicReference<>();
  private final CountDownLatch stopped = new CountDownLatch(1);
  private volatile boolean closing;
  private final java.util.concurrent.atomic.AtomicInteger reconnects =
      new java.util.concurrent.atomic.AtomicInteger();
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
  private final ExecutorService engineThread =
      Executors.newSingleThreadExecutor(daemon("binlake-capture"));
  private final ScheduledExecutorService ticker =
      Executors.newSingleThreadScheduledExecutor(daemon("binlake-roll"));
  private volatile DebeziumEngine<RecordChangeEvent<SourceRecord>> engine;

  public Capture(
      SourceSettings source, Path stateDir, ChangeSink sink, String snapshotLockingMode) {
    this.source = requireNonNull(source, "source is null");
    this.stateDir = requireNonNull(stateDir, "stateDir is null");
    this.sink = requireNonNull(sink, "sink is null");
    this.snapshotLockingMode = requireNonNull(snapshotLockingMode, "snapshotLockingMode is null");
  }

  /** Starts the engine from the sink's recovered resume offset. */
  public void start(Optional<SourceOffset> resumeOffset) {
    resumeOffset
        .filter(offset -> !offset.json().contains("\"snapshot\""))
        .map(BinlogPosition::of)
        .ifPresent(position::set);
    LOG.info(
        "Starting capture from {} ({})",
        source.address(),
        resumeOffset.map(o -> "resuming at " + o).orElse("initial snapshot"));
    startEngine();
    ticker.scheduleWithFixedDelay(
        this::tick, TICK.toMillis(), TICK.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** A new engine reads its start offset from the checkpoint the sink wrote last. */
  private void startEngine() {
    engine =
        DebeziumEngine.create(ChangeEventFormat.of(Connect.class))
            .using(DebeziumProperties.of(source, stateDir, snapshotLockingMode))
            .notifying(this::handleBatch)
            .using(this::completed)
            .build();
    engineThread.execute(engine);
  }

  /**
   * The source went away (restart, network): store what was captured so far, which makes the
   * checkpoint point right after it, then start a new engine after a backoff.
   */
  private void reconnect(Throwable error) {
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

  /** How often capture lost the source and reconnected. */
  public int reconnects() {
    return reconnects.get();
  }

  private void handleBatch(
      List<RecordChangeEvent<SourceRecord>> records,
      DebeziumEngine.RecordCommitter<RecordChangeEvent<SourceRecord>> committer)
      throws InterruptedException {
    try {
      for (RecordChangeEvent<SourceRecord> event : records) {
        Captured captured = mapper.map(event.record());
        sink.accept(captured);
        if (!isSnapshotRunning(event.record().sourceOffset())) {
          BinlogPosition next = BinlogPosition.of(captured.offset());
          position.accumulateAndGet(
              next, (old, now) -> old == null || now.compareTo(old) > 0 ? now : old);
        }
        committer.markProcessed(event);
      }
      committer.markBatchFinished();
    } catch (RuntimeException e) {
      fail(e);
      throw e;
    }
  }

  /** Offsets taken during a snapshot carry its binlog point, which is not progress yet. */
  private static boolean isSnapshotRunning(java.util.Map<String, ?> offset) {
    return offset.containsKey("snapshot");
  }

  private void tick() {
    try {
      sink.tick();
    } catch (RuntimeException e) {
      fail(e);
    }
  }

  private void completed(boolean success, String message, Throwable error) {
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

  private void fail(Throwable error) {
    if (closing) {
      LOG.debug("Engine stopped while closing: {}", error.toString());
      stopped.countDown();
      return;
    }
    if (failure.compareAndSet(null, error)) {
      LOG.error("Capture failed: {}", CaptureErrors.describe(error, source).getMessage());
      stopped.countDown();
    }
  }

  /** The binlog position up to which every change has been handed to the sink. */
  public Optional<BinlogPosition> position() {
    return Optional.ofNullable(position.get());
  }

  /** The failure that stopped capture, translated into an actionable exception, if any. */
  public Optional<BinlakeException> failure() {
    return Optional.ofNullable(failure.get()).map(e -> CaptureErrors.describe(e, source));
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
    while (true) {
      failure()
          .ifPresent(
              e -> {
                throw e;
              });
      BinlogPosition now = position.get();
      if (now != null && now.compareTo(target) >= 0) {
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
    ticker.shutdownNow();
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
    if (failure.get() == null) {
      sink.flush();
    }
    sink.close();
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return runnable -> {
      Thread thread = new Thread(runnable, name);
      thread.setDaemon(true);
      return thread;
    };
  }
}
