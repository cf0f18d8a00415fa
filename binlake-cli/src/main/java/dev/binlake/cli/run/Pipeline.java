package dev.binlake.cli.run;

import dev.binlake.api.BinlakeException;
import dev.binlake.api.ErrorCode;
import dev.binlake.api.EventRule;
import dev.binlake.api.EventTransport;
import dev.binlake.capture.BinlogPosition;
import dev.binlake.capture.Capture;
import dev.binlake.capture.SourceSettings;
import dev.binlake.capture.offset.CheckpointStore;
import dev.binlake.capture.preflight.Preflight;
import dev.binlake.capture.preflight.SourceFacts;
import dev.binlake.capture.sink.ChangeSink;
import dev.binlake.capture.sink.SinkCounters;
import dev.binlake.capture.sink.SinkSettings;
import dev.binlake.cli.config.BinlakeConfig;
import dev.binlake.cli.query.QueryEndpoint;
import dev.binlake.events.InProcessEventTransport;
import dev.binlake.events.RetryPolicy;
import dev.binlake.files.RollingPolicy;
import dev.binlake.load.FileDeadLetters;
import dev.binlake.load.Loader;
import dev.binlake.storage.LocalObjectStore;
import dev.binlake.warehouse.duckdb.DuckDbWarehouse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running pipeline built from the configuration: the only place that calls {@code new} on the
 * parts. Start order follows durability: the loader first catches up with files already stored,
 * then capture resumes from the checkpoint.
 */
public final class Pipeline implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Pipeline.class);
  private static final Duration LISTING_INTERVAL = Duration.ofSeconds(60);
  private static final String PREFIX = "";

  private final BinlakeConfig config;
  private final List<AutoCloseable> closeables = new ArrayList<>();
  private final StateLock lock;
  private SourceFacts facts;
  private LocalObjectStore store;
  private InProcessEventTransport events;
  private DuckDbWarehouse warehouse;
  private Loader loader;
  private ChangeSink sink;
  private Capture capture;
  private ScheduledExecutorService listing;

  private Pipeline(BinlakeConfig config) {
    this.config = config;
    this.lock = StateLock.acquire(config.state().dir());
  }

  /** Checks the source, opens store and warehouse, catches up loads, and starts capture. */
  public static Pipeline start(BinlakeConfig config) {
    Pipeline pipeline = new Pipeline(config);
    try {
      pipeline.startParts();
      return pipeline;
    } catch (RuntimeException e) {
      pipeline.closeQuietly();
      throw e;
    }
  }

  private void startParts() {
    SourceSettings source = PipelineSettings.source(config.source());
    facts = new Preflight(source).check();
    LOG.info("Source {} is {} {}; binlog at {}", source.address(), facts.flavor(),
        facts.version(), facts.binlogEnd());
    store = new LocalObjectStore(config.storage().localFolder());
    warehouse = DuckDbWarehouse.open(config.warehouse().path());
    closeables.add(warehouse);
    closeables.add(QueryEndpoint.start(warehouse, config.state().dir(), this::runStats));
    FileDeadLetters deadLetters = new FileDeadLetters(config.state().dir());
    events = new InProcessEventTransport(RetryPolicy.DEFAULT,
        letter -> deadLetters.add(letter.event().key(), letter.reason()));
    closeables.add(events);
    loader = new Loader(store, warehouse, PREFIX, deadLetters);
    closeables.add(events.subscribe(EventRule.objectCreated(store.bucket(), PREFIX),
        loader.eventHandler()));
    int loaded = loader.catchUp();
    if (loaded > 0) {
      LOG.info("Loaded {} stored files that had not been loaded yet", loaded);
    }
    RollingPolicy policy = new RollingPolicy(config.files().maxBatchInterval(),
        config.files().minFileSize().bytes());
    sink = new ChangeSink(store, events, new CheckpointStore(config.state().dir()),
        new SinkSettings(PREFIX, policy, PipelineSettings.codec(config.files()),
            config.state().dir().resolve("work"), "local"),
        Clock.systemUTC());
    capture = new Capture(source.withFlavor(facts.flavor()), config.state().dir(), sink,
        "minimal");
    capture.start(sink.recover());
    listing = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread thread = new Thread(r, "binlake-listing");
      thread.setDaemon(true);
      return thread;
    });
    listing.scheduleWithFixedDelay(this::listingPass, LISTING_INTERVAL.toMillis(),
        LISTING_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void listingPass() {
    try {
      int loaded = loader.catchUp();
      if (loaded > 0) {
        LOG.warn("Listing pass loaded {} files whose events were lost", loaded);
      }
    } catch (RuntimeException e) {
      LOG.warn("Listing pass failed, will retry: {}", e.getMessage());
    }
  }

  private Map<String, Object> runStats() {
    Map<String, Object> stats = new LinkedHashMap<>();
    if (sink != null) {
      SinkCounters counters = sink.counters();
      stats.put("changesCaptured", counters.written());
      stats.put("changesAlreadyStored", counters.dropped());
      stats.put("filesStored", counters.files());
    }
    if (capture != null) {
      stats.put("capturePosition", capture.position().map(Object::toString).orElse(null));
    }
    return stats;
  }

  /** The binlog end when the pipeline started: what {@code --once} replicates. */
  public BinlogPosition startPosition() {
    return facts.binlogEnd();
  }

  /**
   * Waits until every change committed up to {@code target} is captured, stores all open files,
   * and waits until they are loaded.
   */
  public void catchUp(BinlogPosition target, Duration timeout) throws InterruptedException {
    capture.awaitPosition(target, timeout);
    sink.flush();
    if (!events.awaitIdle(timeout)) {
      throw new BinlakeException(ErrorCode.LOAD_FAILED,
          "Cannot finish loading within %s (see the log for the failing file)", timeout);
    }
    loader.catchUp();
  }

  /** Blocks until capture stops (on failure, or when closed) and returns the failure, if any. */
  public Optional<BinlakeException> awaitStop() throws InterruptedException {
    return capture.awaitStop();
  }

  public DuckDbWarehouse warehouse() {
    return warehouse;
  }

  public Loader loader() {
    return loader;
  }

  /** Stops capture (storing open files), lets loads finish, and closes everything. */
  @Override
  public void close() {
    if (listing != null) {
      listing.shutdownNow();
    }
    if (capture != null) {
      capture.close();
    }
    try {
      if (events != null && !events.awaitIdle(Duration.ofSeconds(60))) {
        LOG.warn("Some loads did not finish; the next start loads them");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    closeQuietly();
  }

  private void closeQuietly() {
    for (int i = closeables.size() - 1; i >= 0; i--) {
      try {
        closeables.get(i).close();
      } catch (Exception e) {
        LOG.warn("Cannot close {}: {}", closeables.get(i), e.getMessage());
      }
    }
    closeables.clear();
    lock.close();
  }

  EventTransport events() {
    return events;
  }
}
