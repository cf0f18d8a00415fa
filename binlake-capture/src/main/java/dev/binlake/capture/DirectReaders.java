package dev.binlake.capture;

import dev.binlake.api.SourceOffset;
import dev.binlake.capture.binlog.DirectReader;
import dev.binlake.capture.mapping.Captured;
import dev.binlake.capture.sink.ChangeSink;
import dev.binlake.capture.snapshot.ChunkedSnapshot;
import dev.binlake.capture.snapshot.IncrementalOffsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who reads the binlog: binlake's own reader ({@link DirectReader}) while only row changes come and
 * no chunked snapshot runs or waits, Debezium's engine for everything else. The direct reader hands
 * over to Debezium before a transaction it cannot read (DDL, a table whose binlog columns do not
 * match its stored shape); Debezium then reads at least past that point, and once its snapshot work
 * has settled the engine is replaced by the direct reader again. Each switch stores what was
 * captured first, so the next reader starts from the checkpoint.
 */
final class DirectReaders {
  private static final Logger LOG = LoggerFactory.getLogger(DirectReaders.class);
  private static final int HEARTBEATS_TO_SETTLE = 2;

  private final Capture capture;
  private final DirectMode mode;
  private final SourceSettings source;
  private final ChangeSink sink;
  private final AtomicBoolean switching = new AtomicBoolean();
  private final SnapshotSettle settle = new SnapshotSettle(HEARTBEATS_TO_SETTLE);
  private volatile DirectReader reader;
  // Debezium reads past this position before the direct reader may take over again.
  private volatile BinlogPosition debeziumUntil;
  // The last hand-over point Debezium read past: the statement there is not handed over again.
  private volatile BinlogPosition readByDebezium;
  private volatile boolean closing;
  // Set when the direct reader met a table it never decodes: it would only hand over again.
  private volatile boolean disabled;

  DirectReaders(Capture capture, DirectMode mode, SourceSettings source, ChangeSink sink) {
    this.capture = capture;
    this.mode = mode;
    this.source = source;
    this.sink = sink;
  }

  /** Whether the direct reader may start from the sink's checkpoint now. */
  boolean mayStartDirect() {
    if (disabled || debeziumUntil != null || sink.holdsSnapshotRows()) {
      return false;
    }
    if (!sink.snapshotRequests().pending().isEmpty()) {
      return false;
    }
    Optional<SourceOffset> resume = sink.resumeOffset();
    return resume.isPresent()
        && isStreaming(resume.get().json())
        && !DirectReader.gtids(resume.get()).isEmpty();
  }

  private static boolean isStreaming(String offsetJson) {
    return !IncrementalOffsets.isBlockingSnapshot(offsetJson)
        && !IncrementalOffsets.isSnapshotRow(offsetJson)
        && !offsetJson.contains(IncrementalOffsets.COLLECTIONS);
  }

  private static boolean isStreaming(Map<String, ?> offset) {
    return !IncrementalOffsets.isBlockingSnapshot(offset)
        && !IncrementalOffsets.isSnapshotRow(offset)
        && !offset.containsKey(IncrementalOffsets.COLLECTIONS);
  }

  void startDirect() {
    SourceOffset start = sink.resumeOffset().orElseThrow();
    BinlogPosition read = readByDebezium;
    DirectReader next =
        new DirectReader(
            source,
            start,
            read == null ? null : new SourceOffset("{}", read.file(), read.position()),
            sink::newestShape,
            mode.collations(),
            new Listener());
    reader = next;
    try {
      next.start();
    } catch (Exception e) {
      reader = null;
      next.close();
      LOG.warn(
          "binlake's binlog reader could not start at {} ({}); Debezium reads on",
          BinlogPosition.of(start),
          CaptureErrors.firstLine(e));
      debeziumUntil = BinlogPosition.of(start);
      capture.startEngine();
    }
  }

  /**
   * After each of Debezium's records: once Debezium has read past the hand-over point and no
   * snapshot runs or waits (settled over heartbeats, as for {@code run --once}), the direct reader
   * takes over.
   */
  void afterDebeziumRecord(Map<String, ?> offset, boolean snapshotIdle, ChunkedSnapshot chunked) {
    if (disabled || closing || switching.get()) {
      return;
    }
    Optional<BinlogPosition> now = capture.position();
    BinlogPosition until = debeziumUntil;
    if (now.isEmpty() || (until != null && now.get().compareTo(until) <= 0)) {
      return;
    }
    boolean idle =
        snapshotIdle
            && isStreaming(offset)
            && !sink.holdsSnapshotRows()
            && sink.snapshotRequests().pending().isEmpty();
    boolean tookPart = chunked != null && chunked.tookPart();
    if (!settle.settled(idle, tookPart, capture.heartbeatRecords())) {
      return;
    }
    if (switching.compareAndSet(false, true)) {
      capture.schedule(
          () -> {
            try {
              readByDebezium = until;
              debeziumUntil = null;
              capture.replaceEngine("to read on with binlake's own binlog reader");
            } finally {
              switching.set(false);
            }
          });
    }
  }

  private void closeReader() {
    DirectReader current = reader;
    reader = null;
    if (current != null) {
      current.close();
    }
  }

  boolean readsDirectly() {
    return reader != null;
  }

  void close() {
    closing = true;
    closeReader();
  }

  /** The direct reader's output: on its thread, in binlog order. */
  private final class Listener implements DirectReader.Listener {
    private volatile boolean sinkFailed;

    @Override
    public void accept(Captured captured, boolean heartbeat) {
      try {
        capture.acceptDirect(captured, heartbeat);
      } catch (RuntimeException e) {
        sinkFailed = true;
        capture.fail(e);
        throw e;
      }
    }

    @Override
    public void handOver(String reason, boolean lasting) {
      if (lasting) {
        disabled = true;
        LOG.warn("Debezium reads this source's binlog from now on: {}", reason);
      }
      capture.scheduleSwitch(DirectReaders.this::toDebezium);
    }

    @Override
    public void failed(Throwable error) {
      if (sinkFailed || closing) {
        return;
      }
      if (CaptureErrors.isConnectionLoss(error)) {
        capture.scheduleSwitch(
            () -> {
              closeReader();
              capture.reconnect(error);
            });
        return;
      }
      LOG.warn(
          "binlake's binlog reader stopped ({}); Debezium reads on",
          CaptureErrors.firstLine(error));
      capture.scheduleSwitch(DirectReaders.this::toDebezium);
    }
  }

  /** Stores what the direct reader captured and lets Debezium read on from there. */
  private void toDebezium() {
    if (closing) {
      return;
    }
    closeReader();
    try {
      sink.flush();
      debeziumUntil = sink.resumeOffset().map(BinlogPosition::of).orElse(null);
      if (debeziumUntil == null) {
        throw new IllegalStateException("no checkpoint after the direct reader stored its changes");
      }
      capture.startEngine();
    } catch (RuntimeException e) {
      capture.fail(e);
    }
  }
}
