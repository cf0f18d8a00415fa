package dev.binlake.warehouse.bigquery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.binlake.api.BinlakeException;
import dev.binlake.api.ChangeFile;
import dev.binlake.api.DmsFile;
import dev.binlake.api.ErrorCode;
import dev.binlake.api.TableId;
import dev.binlake.files.SchemaJson;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The state folder of the BigQuery warehouse ({@code <state>/bigquery}): copies of queued files
 * ({@code queued/<id>.parquet} plus {@code <id>.json}, the JSON written last), batches ({@code
 * batches/<id>.json}, written before their job is submitted) and per table the time of its last
 * load job and the shape of its latest view ({@code tables.json}). A queued AWS DMS file keeps its
 * description beside it. Every file is flushed to disk, then renamed into place: a crash leaves
 * either the old or the new one. Thread-safe.
 */
final class BatchStore {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path queuedDir;
  private final Path batchesDir;
  private final Path tablesFile;
  private final Path rejectedDir;
  private final Map<String, String> rejected = new HashMap<>();
  private final Map<String, QueuedFile> queued = new LinkedHashMap<>();
  private final Map<TableId, Batch> batches = new HashMap<>();
  private final Map<TableId, TableMark> marks = new HashMap<>();

  /**
   * When a table's last load job was submitted, the shape its view shows and why it has no view, if
   * it has none.
   */
  record TableMark(
      Instant lastJobAt,
      Optional<String> lastKey,
      Optional<String> viewShape,
      Optional<String> viewReason) {}

  private BatchStore(Path dir) {
    this.queuedDir = dir.resolve("queued");
    this.batchesDir = dir.resolve("batches");
    this.tablesFile = dir.resolve("tables.json");
    this.rejectedDir = dir.resolve("rejected");
  }

  static BatchStore open(Path dir) {
    BatchStore store = new BatchStore(dir);
    try {
      Files.createDirectories(store.queuedDir);
      Files.createDirectories(store.batchesDir);
      store.read();
    } catch (IOException | RuntimeException e) {
      throw new BinlakeException(
          ErrorCode.WAREHOUSE_FAILED,
          e,
          "Cannot read the BigQuery state folder %s: %s (check its permissions; do not edit its"
              + " files by hand)",
          dir,
          e.getMessage());
    }
    return store;
  }

  private void read() throws IOException {
    try (DirectoryStream<Path> files = Files.newDirectoryStream(queuedDir, "*.json")) {
      for (Path file : files) {
        QueuedFile entry = readQueued(JSON.readTree(file.toFile()));
        queued.put(entry.key(), entry);
      }
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(batchesDir, "*.json")) {
      for (Path file : files) {
        JsonNode node = JSON.readTree(file.toFile());
        List<QueuedFile> members = new ArrayList<>();
        node.get("files").forEach(f -> members.add(readQueued(f)));
        Batch batch =
            new Batch(
                node.get("id").asText(),
                TableId.parse(node.get("table").asText()),
                members,
                node.get("loadAttempt").asInt(),
                node.get("ledgerAttempt").asInt());
        batches.put(batch.table(), batch);
      }
    }
    if (Files.isDirectory(rejectedDir)) {
      try (DirectoryStream<Path> files = Files.newDirectoryStream(rejectedDir, "*.json")) {
        for (Path file : files) {
          JsonNode node = JSON.readTree(file.toFile());
          rejected.put(node.get("key").asText(), node.get("reason").asText());
        }
      }
    }
    if (Files.exists(tablesFile)) {
      for (JsonNode node : JSON.readTree(tablesFile.toFile())) {
        marks.put(
            TableId.parse(node.get("table").asText()),
            new TableMark(
                Instant.ofEpochMilli(node.get("lastJobAt").asLong()),
                Optional.ofNullable(node.get("lastKey")).map(JsonNode::asText),
                Optional.ofNullable(node.get("viewShape")).map(JsonNode::asText),
                Optional.ofNullable(node.get("viewReason")).map(JsonNode::asText)));
      }
    }
  }

  private static QueuedFile readQueued(JsonNode node) {
    return new QueuedFile(
        node.get("key").asText(),
        TableId.parse(node.get("table").asText()),
        node.get("id").asText(),
        node.get("rowCount").asLong(),
        node.get("first").asText(),
        node.get("last").asText(),
        Instant.ofEpochMilli(node.get("queuedAt").asLong()),
        Optional.ofNullable(node.get("dms")).map(d -> readDms(node.get("key").asText(), d)));
  }

  private static DmsFile readDms(String key, JsonNode node) {
    return new DmsFile(
        key,
        SchemaJson.read(node.get("schema").asText()),
        ChangeFile.Kind.valueOf(node.get("kind").asText()),
        node.get("rowCount").asLong(),
        node.get("hasOpColumn").asBoolean(),
        Optional.ofNullable(node.get("timestampColumn")).map(JsonNode::asText),
        node.get("fileOrder").asText());
  }

  private static ObjectNode write(QueuedFile file) {
    ObjectNode node =
        JSON.createObjectNode()
            .put("key", file.key())
            .put("table", file.table().toString())
            .put("id", file.id())
            .put("rowCount", file.rowCount())
            .put("first", file.first())
            .put("last", file.last())
            .put("queuedAt", file.queuedAt().toEpochMilli());
    file.dms()
        .ifPresent(
            dms -> {
              ObjectNode described =
                  node.putObject("dms")
                      .put("schema", SchemaJson.write(dms.schema()))
                      .put("kind", dms.kind().name())
                      .put("rowCount", dms.rowCount())
                      .put("hasOpColumn", dms.hasOpColumn())
                      .put("fileOrder", dms.fileOrder());
              dms.timestampColumn().ifPresent(ts -> described.put("timestampColumn", ts));
            });
    return node;
  }

  /** The copy of a queued file. */
  Path copyOf(QueuedFile file) {
    return queuedDir.resolve(file.id() + ".parquet");
  }

  /** Copies {@code local} into the state folder and queues it. */
  synchronized QueuedFile queue(QueuedFile file, Path local) throws IOException {
    Path copy = copyOf(file);
    Path temp = queuedDir.resolve(file.id() + ".parquet.tmp");
    Files.copy(local, temp, StandardCopyOption.REPLACE_EXISTING);
    force(temp);
    move(temp, copy);
    writeAtomically(queuedDir.resolve(file.id() + ".json"), write(file));
    queued.put(file.key(), file);
    return file;
  }

  /** Whether a key waits here, queued or in a batch. */
  synchronized boolean holds(String key) {
    return queued.containsKey(key);
  }

  synchronized Set<TableId> tablesWithWork() {
    Set<TableId> tables = new HashSet<>(batches.keySet());
    queued.values().forEach(f -> tables.add(f.table()));
    return tables;
  }

  synchronized Set<String> keys() {
    return new HashSet<>(queued.keySet());
  }

  synchronized Optional<Batch> batch(TableId table) {
    return Optional.ofNullable(batches.get(table));
  }

  /** Queued files of a table, in a batch or not. */
  synchronized List<QueuedFile> queuedFiles(TableId table) {
    return queued.values().stream().filter(f -> f.table().equals(table)).toList();
  }

  /** Queued files of a table that no batch holds yet, by first key. */
  synchronized List<QueuedFile> unbatched(TableId table) {
    Set<String> inBatch = new HashSet<>();
    Batch batch = batches.get(table);
    if (batch != null) {
      batch.files().forEach(f -> inBatch.add(f.key()));
    }
    return queued.values().stream()
        .filter(f -> f.table().equals(table) && !inBatch.contains(f.key()))
        .sorted(Comparator.comparing(QueuedFile::first))
        .toList();
  }

  /** Writes (or rewrites) a batch; its files must be queued here. */
  synchronized void save(Batch batch) throws IOException {
    ArrayNode files = JSON.createArrayNode();
    batch.files().forEach(f -> files.add(write(f)));
    ObjectNode node =
        JSON.createObjectNode()
            .put("id", batch.id())
            .put("table", batch.table().toString())
            .put("loadAttempt", batch.loadAttempt())
            .put("ledgerAttempt", batch.ledgerAttempt());
    node.set("files", files);
    writeAtomically(batchesDir.resolve(batch.id() + ".json"), node);
    batches.put(batch.table(), batch);
  }

  /** Forgets a loaded batch: its file copies first, the batch last (so a crash re-checks it). */
  synchronized void complete(Batch batch) throws IOException {
    for (QueuedFile file : batch.files()) {
      Files.deleteIfExists(queuedDir.resolve(file.id() + ".json"));
      Files.deleteIfExists(copyOf(file));
      queued.remove(file.key());
    }
    Files.deleteIfExists(batchesDir.resolve(batch.id() + ".json"));
    batches.remove(batch.table());
  }

  /** Replaces a batch by a smaller one of its files (the others are unbatched again). */
  synchronized void replace(Batch old, Batch smaller) throws IOException {
    save(smaller);
    Files.deleteIfExists(batchesDir.resolve(old.id() + ".json"));
  }

  /**
   * Drops the one file of a batch BigQuery refused, remembering why ({@code rejected/<id>.json}):
   * loading its key again is refused with that reason.
   */
  synchronized void reject(Batch batch, String reason) throws IOException {
    Files.createDirectories(rejectedDir);
    for (QueuedFile file : batch.files()) {
      writeAtomically(
          rejectedDir.resolve(file.id() + ".json"),
          JSON.createObjectNode().put("key", file.key()).put("reason", reason));
      rejected.put(file.key(), reason);
    }
    complete(batch);
  }

  /** Why BigQuery refused this key, if it did. */
  synchronized Optional<String> rejection(String key) {
    return Optional.ofNullable(rejected.get(key));
  }

  synchronized Optional<TableMark> mark(TableId table) {
    return Optional.ofNullable(marks.get(table));
  }

  synchronized void saveMark(TableId table, TableMark mark) throws IOException {
    marks.put(table, mark);
    ArrayNode all = JSON.createArrayNode();
    marks.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(
            e -> {
              ObjectNode node =
                  all.addObject()
                      .put("table", e.getKey().toString())
                      .put("lastJobAt", e.getValue().lastJobAt().toEpochMilli());
              e.getValue().lastKey().ifPresent(k -> node.put("lastKey", k));
              e.getValue().viewShape().ifPresent(s -> node.put("viewShape", s));
              e.getValue().viewReason().ifPresent(r -> node.put("viewReason", r));
            });
    writeAtomically(tablesFile, all);
  }

  Path tempFile(String name) {
    return batchesDir.resolve(name);
  }

  private static void writeAtomically(Path target, JsonNode node) throws IOException {
    Path temp = target.resolveSibling(target.getFileName() + ".tmp");
    Files.write(temp, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(node));
    force(temp);
    move(temp, target);
    forceDirectory(target.getParent());
  }

  /** Flushes a file's bytes to the disk, so a power cut cannot leave a renamed but empty file. */
  private static void force(Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      channel.force(true);
    }
  }

  /** Makes a rename durable; some file systems cannot open a folder, which then is no error. */
  private static void forceDirectory(Path dir) {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      // not supported here (e.g. Windows): the rename is as durable as the platform makes it
    }
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
