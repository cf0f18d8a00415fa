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
          + " position and its lag behind the source; files that could not be loaded.",
      "Lag is 0 when capture has reached the source's binlog end, otherwise the age of the newest"
          + " loaded change."
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
    List<UnrepresentableCount> unrepresentable = unrepresentable(access);
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
      ArrayNode lost = root.putArray("valuesNotRepresentable");
      unrepresentable.forEach(
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
      }
      ArrayNode letters = root.putArray("deadLetterFiles");
      deadLetters.forEach(d -> letters.addObject().put("key", d.key()).put("reason", d.reason()));
      out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root));
      return 0;
    }
    out.printf(
        "capture position: %s (source at %s, lag %s)%n",
        position.map(Object::toString).orElse("none yet: snapshot pending"),
        sourceEnd.map(Object::toString).orElse("unknown: source unreachable"),
        lag.map(d -> d.toSeconds() + " s").orElse("unknown"));
    out.println(running.map(r -> "running: " + r).orElse("not running"));
    out.printf("%-40s %12s %12s %8s  %s%n", "table", "history", "latest", "files", "last change");
    for (TableStats t : tables) {
      out.printf(
          "%-40s %12d %12d %8d  %s%n",
          t.table(),
          t.historyRows(),
          t.latestRows(),
          t.files(),
          t.lastCommit().map(Object::toString).orElse("-"));
    }
    out.printf(
        "values not representable (zero dates, stored as NULL): %s%n",
        unrepresentable.isEmpty() ? "none" : "");
    for (UnrepresentableCount u : unrepresentable) {
      out.printf("  %s.%s: %d changes%n", u.table(), u.column(), u.changes());
    }
    out.printf("dead letters: %d%n", deadLetters.size());
    for (DeadLetter letter : deadLetters) {
      out.printf("  %s: %s%n", letter.key(), letter.reason());
    }
    return 0;
  }

  private static List<UnrepresentableCount> unrepresentable(WarehouseAccess access) {
    try {
      return Unrepresentable.counts(access::query);
    } catch (BinlakeException e) {
      return List.of(); // an empty warehouse has no history tables yet
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
