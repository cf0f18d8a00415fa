package dev.binlake.cli.run;

import dev.binlake.api.BinlakeException;
import dev.binlake.api.EventRule;
import dev.binlake.api.EventTransport;
import dev.binlake.api.ObjectStore;
import dev.binlake.api.Warehouse;
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
import dev.binlake.cli.config.SourceConfig;
import dev.binlake.cli.query.QueryEndpoint;
import dev.binlake.events.InProcessEventTransport;
import dev.binlake.events.rules.ObjectRule;
import dev.binlake.files.RollingPolicy;
import dev.binlake.load.FileDeadLetters;
import dev.binlake.load.Loader;
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
  private ObjectStore store;
  private EventTransport events;
  private Warehouse warehouse;
  private Loader loader;
  private ChangeSink sink;
  private Capture capture;
  private ScheduledExecutorService listing;

  /** Which halves of the pipeline run in this process. */
  public enum Role {
    /** Capture and load in one process (`binlake run`). */
    ALL,
    /** Capture only: change files are stored and announced (`binlake capture`). */
    CAPTURE,
    /** Load only: events and listing passes load stored files (`binlake load`). */
    LOAD;

    boolean captures() {
      return this != LOAD;
    }

    boolean loads() {
      return this != CAPTURE;
    }
  }

  private final Role role;

  private Pipeline(BinlakeConfig config, Role role) {
    this.config = config;
    this.role = role;
    // One capture per state folder; loaders share it (the warehouse keeps them exactly-once).
    this.lock = role.captures() ? StateLock.acquire(config.state().dir(), "capture") : null;
  }

  /** Checks the source, opens store and warehouse, catches up loads, and starts capture. */
  public static Pipeline start(BinlakeConfig config) {
    return start(config, Role.ALL);
  }

  /** Starts the given halves of the pipeline. */
  public static Pipeline start(BinlakeConfig config, Role role) {
    Pipeline pipeline = new Pipeline(config, role);
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
    if (role.captures()) {
      facts = new Preflight(source).check();
      LOG.info(
          "Source {} is {} {}; binlog at {}",
          source.address(),
          facts.flavor(),
          facts.version(),
          facts.binlogEnd());
      if (config.source().onPurgedBinlog() == SourceConfig.OnPurgedBinlog.SNAPSHOT) {
        PurgedBinlog.resnapshotIfPurged(config.state().dir(), source);
      }
    }
    store = Components.store(config);
    closeables.add(store);
    FileDeadLetters deadLetters = new FileDeadLetters(config.state().dir());
    events = Components.events(config, deadLetters);
    closeables.add(events);
    String prefix = Components.prefix(config);
    if (role.loads()) {
      warehouse = Components.warehouse(config);
      closeables.add(warehouse);
      closeables.add(QueryEndpoint.start(warehouse, config.state().dir(), this::runStats));
      ObjectRule rule = config.events().rule(); // events.rule narrows events and listings
      loader =
          new Loader(rule.filter(store), warehouse, prefix, deadLetters, Components.dms(config));
      closeables.add(
          events.subscribe(
              EventRule.objectCreated(store.bucket(), prefix), rule.filter(loader.eventHandler())));
      LOG.info(
          "Loading change files announced on {} into {}",
          config.events().type(),
          config.warehouse().type());
      int loaded = loader.catchUp();
      if (loaded > 0) {
        LOG.info("Loaded {} stored files that had not been loaded yet", loaded);
      }
      listing =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread thread = new Thread(r, "binlake-listing");
                thread.setDaemon(true);
                return thread;
              });
      listing.scheduleWithFixedDelay(
          this::listingPass,
          LISTING_INTERVAL.toMillis(),
          LISTING_INTERVAL.toMillis(),
          TimeUnit.MILLISECONDS);
    }
    if (role.captures()) {
      RollingPolicy policy =
          new RollingPolicy(
              config.files().maxBatchInterval(), config.files().minFileSize().bytes());
      sink =
          new ChangeSink(
              store,
              events,
              new CheckpointStore(config.state().dir()),
              new SinkSettings(
                  prefix,
                  policy,
                  PipelineSettings.codec(config.files()),
                  config.state().dir().resolve("work"),
                  "local"),
              Clock.systemUTC());
      capture =
          new Capture(source.withFlavor(facts.flavor()), config.state().dir(), sink, "minimal");
      capture.start(sink.recover());
    }
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
   * Waits until every change committed up to {@code target} is captured, stores all open files, and
   * waits until they are loaded.
   */
  public void catchUp(BinlogPosition target, Duration timeout) throws InterruptedException {
    if (role.captures()) {
      capture.awaitPosition(target, timeout);
      sink.flush();
    }
    loadEverythingStored();
  }

  /** Loads every stored file not loaded yet (whatever happened to its event) and flushes. */
  public void loadEverythingStored() {
    if (role.loads()) {
      loader.catchUp();
      warehouse.flush();
    }
  }

  /** Blocks until capture stops (on failure, or when closed) and returns the failure, if any. */
  public Optional<BinlakeException> awaitStop() throws InterruptedException {
    if (capture == null) {
      new java.util.concurrent.CountDownLatch(1).await(); // a loader runs until stopped
    }
    return capture.awaitStop();
  }

  public Warehouse warehouse() {
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
    if (events instanceof InProcessEventTransport inProcess) {
      try {
        if (!inProcess.awaitIdle(Duration.ofSeconds(60))) {
          LOG.warn("Some loads did not finish; the next start loads them");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (warehouse != null) {
      try {
        warehouse.flush();
      } catch (RuntimeException e) {
        LOG.warn("Cannot finish batched loads ({}); the next start loads them", e.getMessage());
      }
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
    if (lock != null) {
      lock.close();
    }
  }

  EventTransport events() {
    return events;
  }
}
