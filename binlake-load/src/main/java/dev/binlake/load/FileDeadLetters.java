package dev.binlake.load;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.binlake.api.BinlakeException;
import dev.binlake.api.ErrorCode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dead letters as JSON lines ({@code {"key":…,"reason":…,"time":…}}) in {@code dead-letters.jsonl}
 * of the state folder, appended and synced one entry at a time.
 */
public final class FileDeadLetters implements DeadLetters {
  public static final String FILE_NAME = "dead-letters.jsonl";
  private static final Logger LOG = LoggerFactory.getLogger(FileDeadLetters.class);
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final Path file;
  private final Map<String, DeadLetter> entries = new LinkedHashMap<>();

  /** Whether the file ends in a line a crash cut short, which the next entry must not extend. */
  private boolean endsMidLine;

  /** Reads the entries already in {@code stateDir}, creating the folder if needed. */
  public FileDeadLetters(Path stateDir) {
    this.file = stateDir.resolve(FILE_NAME);
    try {
      Files.createDirectories(stateDir);
      if (Files.exists(file)) {
        String text = Files.readString(file, UTF_8);
        text.lines().forEach(this::parse);
        endsMidLine = !text.isEmpty() && !text.endsWith("\n");
      }
    } catch (IOException e) {
      throw new BinlakeException(
          ErrorCode.STORAGE_FAILED,
          e,
          "Cannot read dead letters %s: %s (check the state folder" + " and its permissions)",
          file,
          e.getMessage());
    }
  }

  private void parse(String line) {
    if (line.isBlank()) {
      return;
    }
    try {
      JsonNode node = MAPPER.readTree(line);
      DeadLetter entry =
          new DeadLetter(
              node.get("key").asText(),
              node.get("reason").asText(),
              Instant.parse(node.get("time").asText()));
      entries.putIfAbsent(entry.key(), entry);
    } catch (JsonProcessingException | RuntimeException e) {
      // a line cut short by a crash while appending: its object is dead-lettered again if needed
      LOG.warn("Ignoring unreadable line in {}: {}", file, line);
    }
  }

  public Path file() {
    return file;
  }

  @Override
  public synchronized void add(String key, String reason) {
    if (entries.containsKey(key)) {
      return;
    }
    DeadLetter entry = new DeadLetter(key, reason, Instant.now());
    String line =
        MAPPER
                .createObjectNode()
                .put("key", entry.key())
                .put("reason", entry.reason())
                .put("time", entry.time().toString())
                .toString()
            + "\n";
    if (endsMidLine) {
      line = "\n" + line;
    }
    try (FileChannel channel =
        FileChannel.open(
            file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
      ByteBuffer bytes = ByteBuffer.wrap(line.getBytes(UTF_8));
      while (bytes.hasRemaining()) {
        channel.write(bytes);
      }
      channel.force(false);
    } catch (IOException e) {
      throw new BinlakeException(
          ErrorCode.STORAGE_FAILED,
          e,
          "Cannot record dead letter %s in %s: %s (check free space"
              + " and permissions of the state folder)",
          key,
          file,
          e.getMessage());
    }
    endsMidLine = false;
    entries.put(key, entry);
  }

  @Override
  public synchronized boolean contains(String key) {
    return entries.containsKey(key);
  }

  @Override
  public synchronized List<DeadLetter> list() {
    return List.copyOf(new ArrayList<>(entries.values()));
  }
}
