package dev.binlake.capture.offset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.binlake.api.BinlakeException;
import dev.binlake.api.ErrorCode;
import dev.binlake.api.OrderKey;
import dev.binlake.api.SourceOffset;
import dev.binlake.api.TableId;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** Reads and atomically replaces {@code checkpoint.json} in the state folder. */
public final class CheckpointStore {
  public static final String FILE_NAME = "checkpoint.json";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path file;

  public CheckpointStore(Path stateDir) {
    this.file = stateDir.resolve(FILE_NAME);
  }

  public Path file() {
    return file;
  }

  public Checkpoint read() {
    if (!Files.exists(file)) {
      return Checkpoint.EMPTY;
    }
    try {
      JsonNode root = JSON.readTree(file.toFile());
      Optional<SourceOffset> offset = Optional.empty();
      JsonNode offsetNode = root.path("resumeOffset");
      if (offsetNode.isObject()) {
        offset =
            Optional.of(
                new SourceOffset(
                    offsetNode.path("json").asText(),
                    offsetNode.path("binlogFile").asText(),
                    offsetNode.path("binlogPosition").asLong()));
      }
      Map<TableId, TableProgress> tables = new HashMap<>();
      for (Map.Entry<String, JsonNode> entry : root.path("tables").properties()) {
        JsonNode node = entry.getValue();
        tables.put(
            TableId.parse(entry.getKey()),
            new TableProgress(
                new OrderKey(node.path("lastKey").asText()),
                node.path("lastLoadNumber").asInt(),
                node.path("files").asLong()));
      }
      Set<TableId> pending = new TreeSet<>();
      root.path("pendingSnapshots").forEach(node -> pending.add(TableId.parse(node.asText())));
      Map<TableId, Long> snapshotRows = new HashMap<>();
      for (Map.Entry<String, JsonNode> entry : root.path("snapshotRows").properties()) {
        snapshotRows.put(TableId.parse(entry.getKey()), entry.getValue().asLong());
      }
      Optional<PendingStore> storing = Optional.empty();
      JsonNode storingNode = root.path("storing");
      if (storingNode.isObject()) {
        JsonNode resume = storingNode.path("resumeIfStored");
        storing =
            Optional.of(
                new PendingStore(
                    storingNode.path("key").asText(),
                    TableId.parse(storingNode.path("table").asText()),
                    storingNode.path("rows").asLong(),
                    new SourceOffset(
                        resume.path("json").asText(),
                        resume.path("binlogFile").asText(),
                        resume.path("binlogPosition").asLong())));
      }
      return new Checkpoint(
          offset,
          tables,
          Instant.parse(root.path("writtenAt").asText()),
          pending,
          snapshotRows,
          storing);
    } catch (IOException | RuntimeException e) {
      throw new BinlakeException(
          ErrorCode.CAPTURE_FAILED,
          e,
          "Cannot read checkpoint %s: %s (restore it from a backup, or delete the state folder to"
              + " start over with a new snapshot)",
          file,
          e.getMessage());
    }
  }

  /** Replaces the checkpoint file atomically and durably (temp file, fsync, rename, fsync dir). */
  public void write(Checkpoint checkpoint) {
    ObjectNode root = JSON.createObjectNode();
    root.put("version", 1);
    root.put("writtenAt", checkpoint.writtenAt().toString());
    checkpoint
        .resumeOffset()
        .ifPresent(
            offset -> {
              ObjectNode node = root.putObject("resumeOffset");
              node.put("json", offset.json());
              node.put("binlogFile", offset.binlogFile());
              node.put("binlogPosition", offset.binlogPosition());
            });
    ObjectNode tables = root.putObject("tables");
    checkpoint
        .tables()
        .forEach(
            (table, progress) -> {
              ObjectNode node = tables.putObject(table.toString());
              node.put("lastKey", progress.lastKey().value());
              node.put("lastLoadNumber", progress.lastLoadNumber());
              node.put("files", progress.files());
            });
    var pending = root.putArray("pendingSnapshots");
    checkpoint.pendingSnapshots().stream().sorted().forEach(t -> pending.add(t.toString()));
    ObjectNode snapshotRows = root.putObject("snapshotRows");
    new java.util.TreeMap<>(checkpoint.snapshotRows())
        .forEach((table, rows) -> snapshotRows.put(table.toString(), rows));
    checkpoint
        .storing()
        .ifPresent(
            storing -> {
              ObjectNode node = root.putObject("storing");
              node.put("key", storing.key());
              node.put("table", storing.table().toString());
              node.put("rows", storing.rows());
              ObjectNode resume = node.putObject("resumeIfStored");
              resume.put("json", storing.resumeIfStored().json());
              resume.put("binlogFile", storing.resumeIfStored().binlogFile());
              resume.put("binlogPosition", storing.resumeIfStored().binlogPosition());
            });
    Path temp = file.resolveSibling(FILE_NAME + ".tmp");
    try {
      Files.createDirectories(file.getParent());
      Files.write(temp, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        channel.force(true);
      }
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      try (FileChannel dir = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
        dir.force(true);
      }
    } catch (IOException e) {
      throw new BinlakeException(
          ErrorCode.CAPTURE_FAILED,
          e,
          "Cannot write checkpoint %s: %s (check that the state folder is writable and the disk"
              + " has space)",
          file,
          e.getMessage());
    }
  }
}
