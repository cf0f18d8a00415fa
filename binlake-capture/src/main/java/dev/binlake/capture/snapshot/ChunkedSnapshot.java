package dev.binlake.capture.snapshot;

import dev.binlake.api.SourceOffset;
import dev.binlake.api.TableId;
import dev.binlake.capture.SourceSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives the resumable full load with Debezium's read-only incremental snapshot (MariaDB: GTID
 * watermarks read with {@code SHOW GLOBAL VARIABLES}, so no signal table and no write grant).
 * Streaming starts first: Debezium's initial snapshot reads only the schema (and the data of tables
 * without a primary key, which cannot be read in key chunks). The tables still waiting for their
 * chunked snapshot are then handed to Debezium in the start offset ({@link
 * dev.binlake.capture.offset.CheckpointOffsetStore}), which makes it read them in primary-key
 * chunks on its streaming thread; on the very first start that takes one engine restart, once
 * streaming runs. Debezium drops rows the binlog changed inside a chunk's watermark window and
 * emits the rest at the window's end, where ordering them keeps the latest view right; its offset
 * carries the last emitted key, so binlake's checkpoint resumes the snapshot after the last stored
 * row.
 *
 * <p>{@link #observe} runs on the engine's consumer thread, {@link #isIdle()} on any.
 */
public final class ChunkedSnapshot {
  private static final Logger LOG = LoggerFactory.getLogger(ChunkedSnapshot.class);
  private static final Duration UNSEEN = Duration.ofSeconds(30);
  public static final String CHUNK_ROWS_PROPERTY = "binlake.snapshot.chunk-rows";
  static final int DEFAULT_CHUNK_ROWS = 8192;

  private final SourceSettings source;
  private final SnapshotRequests requests;
  private final SnapshotProgress progress;
  private SnapshotPlan plan = new SnapshotPlan(Map.of());
  private Properties floatReads = new Properties();
  private final Set<TableId> served = ConcurrentSets.create();
  private final Set<TableId> seen = ConcurrentSets.create();
  private volatile boolean running;
  private Object lastCollections;
  private volatile boolean restartWanted;
  private volatile Instant streamingSince;

  public ChunkedSnapshot(
      SourceSettings source, SnapshotRequests requests, SnapshotProgress progress) {
    this.source = source;
    this.requests = requests;
    this.progress = progress;
  }

  /**
   * Reads the plan; when capture starts without a streaming position (first start, or the schema
   * snapshot was cut short), every table with a primary key needs a chunked snapshot.
   */
  public void prepare(Optional<SourceOffset> resume) {
    plan = SnapshotPlan.read(source);
    floatReads = FloatSnapshotReads.overrides(source, plan.withoutPrimaryKey());
    progress.estimates(
        plan.tables().keySet().stream()
            .collect(Collectors.toMap(t -> t, plan::estimatedRows, (a, b) -> a)));
    boolean fresh = resume.isEmpty() || isBlockingSnapshotOffset(resume.get());
    if (fresh) {
      requests.replaceWith(plan.withPrimaryKey());
    }
  }

  /** Offsets of Debezium's own (blocking) snapshot: not a streaming position yet. */
  public static boolean isBlockingSnapshotOffset(SourceOffset offset) {
    return IncrementalOffsets.isBlockingSnapshot(offset.json());
  }

  /** Engine properties: the initial snapshot reads schema (and keyless tables), chunks follow. */
  public Properties properties() {
    Properties props = new Properties();
    List<TableId> keyless = plan.withoutPrimaryKey();
    if (keyless.isEmpty()) {
      props.setProperty("snapshot.mode", "no_data");
    } else {
      props.setProperty("snapshot.mode", "initial");
      props.setProperty(
          "snapshot.include.collection.list",
          keyless.stream().map(t -> Pattern.quote(t.toString())).collect(Collectors.joining(",")));
      props.putAll(floatReads);
    }
    props.setProperty("read.only", "true");
    props.setProperty(
        "incremental.snapshot.chunk.size",
        Integer.toString(Integer.getInteger(CHUNK_ROWS_PROPERTY, DEFAULT_CHUNK_ROWS)));
    return props;
  }

  /**
   * Before an engine starts from {@code resume}: drops requests for empty tables (every row they
   * get later is streamed, since streaming runs from an earlier position) and notes which requests
   * the start offset hands over (all of them when it is a streaming position).
   */
  public void beforeEngineStart(Optional<SourceOffset> resume) {
    Set<TableId> pending = requests.pending();
    Set<TableId> nonEmpty = SnapshotPlan.nonEmpty(source, pending);
    pending.stream().filter(t -> !nonEmpty.contains(t)).forEach(requests::covered);
    served.clear();
    seen.clear();
    running = false;
    restartWanted = false;
    streamingSince = null;
    boolean streaming = resume.isPresent() && !isBlockingSnapshotOffset(resume.get());
    if (streaming) {
      served.addAll(requests.pending());
    }
    if (!requests.isEmpty()) {
      LOG.info(
          "Chunked snapshot {} for {}",
          streaming ? "starts (or continues)" : "follows once streaming runs",
          requests.pending());
    }
  }

  /**
   * Sees every record's offset before the sink does. Returns true once, when streaming runs but the
   * engine was started without some wanted chunked snapshots: the caller restarts the engine (after
   * storing what it has), whose start offset then hands them over.
   */
  public boolean observe(Map<String, ?> offset) {
    // A chunk row is a running snapshot even if its offset lacks the state.
    boolean chunkRow = IncrementalOffsets.isSnapshotRow(offset);
    boolean nowRunning = chunkRow || offset.containsKey(IncrementalOffsets.COLLECTIONS);
    if (offset.containsKey(IncrementalOffsets.COLLECTIONS)) {
      Object collections = offset.get(IncrementalOffsets.COLLECTIONS);
      if (collections != lastCollections) {
        lastCollections = collections; // parsed once per change, not per row
        seen.addAll(IncrementalOffsets.collections(offsetJson(offset)));
      }
    }
    running = nowRunning;
    if (IncrementalOffsets.isBlockingSnapshot(offset)) {
      return false; // Debezium's own snapshot phase: streaming has not started yet.
    }
    if (streamingSince == null) {
      streamingSince = Instant.now();
    }
    if (!restartWanted && !served.containsAll(requests.pending())) {
      restartWanted = true;
      return true;
    }
    return false;
  }

  /**
   * A schema change that leaves existing rows' view wrong asks for the table to be read again; it
   * is recorded before the record reaches the sink, so every later checkpoint keeps the request.
   */
  public void ddl(org.apache.kafka.connect.source.SourceRecord record) {
    Set<TableId> tables = DdlRereads.of(record);
    tables.removeIf(t -> !source.tables().matches(t));
    if (!tables.isEmpty()) {
      LOG.info("Schema change needs {} read again: {}", tables, firstLine(record));
      requests.request(tables);
    }
  }

  private static String firstLine(org.apache.kafka.connect.source.SourceRecord record) {
    String ddl = ((org.apache.kafka.connect.data.Struct) record.value()).getString("ddl");
    return ddl.lines().findFirst().orElse("");
  }

  private static String offsetJson(Map<String, ?> offset) {
    Object collections = offset.get(IncrementalOffsets.COLLECTIONS);
    return "{\""
        + IncrementalOffsets.COLLECTIONS
        + "\":"
        + quote(String.valueOf(collections))
        + "}";
  }

  private static String quote(String text) {
    return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  /** Whether this engine was handed chunked snapshots or its offsets listed any. */
  public boolean tookPart() {
    return !served.isEmpty() || !seen.isEmpty();
  }

  /**
   * Whether no chunked snapshot runs or waits: what {@code run --once} needs before it stops. A
   * handed-over table no offset ever listed counts as done after {@link #UNSEEN} of streaming (a
   * table emptied before Debezium read it leaves no trace); it stays wanted for the next start.
   */
  public boolean isIdle() {
    if (running || restartWanted) {
      return false;
    }
    Set<TableId> waiting = new HashSet<>(requests.pending());
    waiting.removeAll(seen);
    if (waiting.isEmpty()) {
      return true;
    }
    Instant since = streamingSince;
    return served.containsAll(waiting)
        && since != null
        && Duration.between(since, Instant.now()).compareTo(UNSEEN) > 0;
  }
}
