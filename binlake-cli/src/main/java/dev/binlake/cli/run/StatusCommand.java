package dev.binlake.cli.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.binlake.api.BinlakeException;
import dev.binlake.api.TableStats;
import dev.binlake.capture.BinlogPosition;
import dev.binlake.capture.offset.Checkpoint;
import dev.binlake.capture.offset.CheckpointStore;
import dev.binlake.capture.preflight.Preflight;
import dev.binlake.cli.config.BinlakeConfig;
import dev.binlake.cli.query.WarehouseAccess;
import dev.binlake.cli.validate.Unrepresentable;
import dev.binlake.cli.validate.UnrepresentableCount;
import dev.binlake.events.broker.DeadLetterMessage;
import dev.binlake.load.DeadLetter;
import dev.binlake.load.FileDeadLetters;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code binlake status}: per table rows, files, last position and lag; dead letters. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = {
      "Shows per table: history rows, latest-view rows, files loaded, last change; the capture"
          + " position and its lag behind the source; files that could not be loaded; with a"
          + " broker, the depth of its dead-letter queue and the reasons of a few messages.",
      "Lag is 0 when capture has reached the source's binlog end, otherwise the age of the newest"
          + " loaded change.",
      "Below a table: why it has no latest view, or that it was dropped at the source."
    })
public final class StatusCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Spec CommandSpec spec;

  @Option(
      names = {"-c", "--config"},
      required = true,
      description = "YAML configuration file")
  Path config;

  @Option(names = "--json", description = "Print JSON")
  boolean json;

  @Override
  public Integer call() throws Exception {
    BinlakeConfig binlake = dev.binlake.cli.ConfigFile.load(config);
    Checkpoint checkpoint = new CheckpointStore(binlake.state().dir()).read();
    WarehouseAccess access =
        new WarehouseAccess(binlake.state().dir(), () -> Components.warehouse(binlake));
    List<TableStats> tables = access.tableStats();
    List<DeadLetter> deadLetters = new FileDeadLetters(binlake.state().dir()).list();
    Optional<BrokerDeadLetters> brokerDeadLetters = BrokerDeadLetters.read(binlake);
    UnrepresentableFigure unrepresentable = unrepresentable(binlake, tables, access);
    Optional<BinlogPosition> position = checkpoint.resumeOffset().map(BinlogPosition::of);
    Optional<BinlogPosition> sourceEnd = sourceEnd(binlake);
    Optional<Instant> newest =
        tables.stream().flatMap(t -> t.lastCommit().stream()).max(Instant::compareTo);
    Optional<Duration> lag = lag(position, sourceEnd, newest);
    PrintWriter out = spec.commandLine().getOut();
    Optional<JsonNode> running = access.runStats();
    if (json) {
      ObjectNode root = JSON.createObjectNode();
      running.ifPresent(stats -> root.set("running", stats));
      root.put("position", position.map(Object::toString).orElse(null));
      root.put("sourcePosition", sourceEnd.map(Object::toString).orElse(null));
      root.put("lagSeconds", lag.map(Duration::toSeconds).orElse(null));
      root.put("checkpointWrittenAt", checkpoint.writtenAt().toString());
      root.put("deadLetters", deadLetters.size());
      if (unrepresentable.failure() != null) {
        root.put("valuesNotRepresentableUnknown", unrepresentable.failure());
      }
      ObjectNode snapshot = root.putObject("snapshot");
      snapshotRunning(checkpoint).forEach(snapshot.putArray("running")::add);
      ArrayNode waiting = snapshot.putArray("waiting");
      checkpoint.pendingSnapshots().forEach(t -> waiting.add(t.toString()));
      ObjectNode stored = snapshot.putObject("rowsStored");
      checkpoint.snapshotRows().forEach((t, rows) -> stored.put(t.toString(), rows));
      ArrayNode lost = root.putArray("valuesNotRepresentable");
      unrepresentable
          .counts()
          .forEach(
              u ->
                  lost.addObject()
                      .put("table", u.table().toString())
                      .put("column", u.column())
                      .put("changes", u.changes()));
      ArrayNode array = root.putArray("tables");
      for (TableStats t : tables) {
        ObjectNode node = array.addObject();
        node.put("table", t.table().toString());
        node.put("historyRows", t.historyRows());
        node.put("latestRows", t.latestRows());
        node.put("files", t.files());
        node.put("lastKey", t.lastKey().map(Object::toString).orElse(null));
        node.put("lastCommit", t.lastCommit().map(Object::toString).orElse(null));
        node.put("noViewReason", t.noViewReason().orElse(null));
        node.put("dropped", t.dropped());
      }
      ArrayNode letters = root.putArray("deadLetterFiles");
      deadLetters.forEach(d -> letters.addObject().put("key", d.key()).put("reason", d.reason()));
      brokerDeadLetters.ifPresent(b -> brokerJson(root.putObject("brokerDeadLetters"), b));
      out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root));
      return 0;
    }
    out.printf(
        "capture position: %s (source at %s, lag %s)%n",
        position.map(Object::toString).orElse("none yet: snapshot pending"),
        sourceEnd.map(Object::toString).orElse("unknown: source unreachable"),
        lag.map(d -> d.toSeconds() + " s").orElse("unknown"));
    out.println(running.map(r -> "running: " + r).orElse("not running"));
    List<String> snapshotRunning = snapshotRunning(checkpoint);
    if (!snapshotRunning.isEmpty() || !checkpoint.pendingSnapshots().isEmpty()) {
      out.printf(
          "chunked snapshot: running %s, waiting %s; rows stored %s%n",
          snapshotRunning, checkpoint.pendingSnapshots(), checkpoint.snapshotRows());
    }
    out.printf("%-40s %12s %12s %8s  %s%n", "table", "history", "latest", "files", "last change");
    for (TableStats t : tables) {
      out.printf(
          "%-40s %12d %12d %8d  %s%n",
          t.table(),
          t.historyRows(),
          t.latestRows(),
          t.files(),
          t.lastCommit().map(Object::toString).orElse("-"));
      if (t.dropped()) {
        out.printf(
            "  dropped at the source: the latest view is empty; history keeps every change%n");
      }
      t.noViewReason().ifPresent(reason -> out.printf("  no latest view: %s%n", reason));
    }
    out.printf(
        "values not representable (zero dates, stored as NULL): %s%n",
        unrepresentable.failure() != null
            ? "unknown (" + unrepresentable.failure() + ")"
            : unrepresentable.counts().isEmpty() ? "none" : "");
    for (UnrepresentableCount u : unrepresentable.counts()) {
      out.printf("  %s.%s: %d changes%n", u.table(), u.column(), u.changes());
    }
    out.printf("dead letters: %d%n", deadLetters.size());
    for (DeadLetter letter : deadLetters) {
      out.printf("  %s: %s%n", letter.key(), letter.reason());
    }
    brokerDeadLetters.ifPresent(b -> printBroker(out, b));
    return 0;
  }

  /** Tables whose chunked snapshot the checkpoint's resume offset continues. */
  private static List<String> snapshotRunning(Checkpoint checkpoint) {
    return checkpoint
        .resumeOffset()
        .map(o -> dev.binlake.capture.snapshot.IncrementalOffsets.collections(o.json()))
        .orElse(java.util.Set.of())
        .stream()
        .map(Object::toString)
        .toList();
  }

  private static void printBroker(PrintWriter out, BrokerDeadLetters broker) {
    if (broker.problem().isPresent()) {
      out.printf("broker dead letters: unknown (%s)%n", broker.problem().get());
      return;
    }
    out.printf("broker dead letters (%s): %d%n", broker.queue(), broker.count());
    for (DeadLetterMessage letter : broker.messages()) {
      out.printf(
          "  %s: %s%s%s%n",
          letter.objectKey(),
          letter.reason(),
          letter.attempts().map(a -> " (" + a + " attempts)").orElse(""),
          letter.failedAt().map(t -> " at " + t).orElse(""));
    }
    if (broker.count() > broker.messages().size()) {
      out.printf("  ... and %d more%n", broker.count() - broker.messages().size());
    }
  }

  private static void brokerJson(ObjectNode node, BrokerDeadLetters broker) {
    node.put("queue", broker.queue());
    if (broker.problem().isPresent()) {
      node.putNull("count");
      node.put("problem", broker.problem().get());
      return;
    }
    node.put("count", broker.count());
    ArrayNode messages = node.putArray("messages");
    for (DeadLetterMessage letter : broker.messages()) {
      ObjectNode item = messages.addObject();
      item.put("key", letter.objectKey());
      item.put("reason", letter.reason());
      item.put("attempts", letter.attempts().orElse(null));
      item.put("failedAt", letter.failedAt().orElse(null));
    }
  }

  /** The figure, or why the warehouse could not give it. */
  private record UnrepresentableFigure(List<UnrepresentableCount> counts, String failure) {}

  private static UnrepresentableFigure unrepresentable(
      BinlakeConfig binlake, List<TableStats> tables, WarehouseAccess access) {
    try {
      return new UnrepresentableFigure(
          Unrepresentable.counts(
              binlake, tables.stream().map(TableStats::table).toList(), access::query),
          null);
    } catch (BinlakeException e) {
      return new UnrepresentableFigure(List.of(), e.getMessage());
    }
  }

  private static Optional<BinlogPosition> sourceEnd(BinlakeConfig binlake) {
    try {
      return Optional.of(Preflight.currentBinlogEnd(PipelineSettings.source(binlake.source())));
    } catch (BinlakeException e) {
      return Optional.empty();
    }
  }

  static Optional<Duration> lag(
      Optional<BinlogPosition> position,
      Optional<BinlogPosition> sourceEnd,
      Optional<Instant> newest) {
    if (position.isEmpty() || sourceEnd.isEmpty()) {
      return Optional.empty();
    }
    if (position.get().compareTo(sourceEnd.get()) >= 0) {
      return Optional.of(Duration.ZERO);
    }
    return newest.map(t -> Duration.between(t, Instant.now()));
  }
}
