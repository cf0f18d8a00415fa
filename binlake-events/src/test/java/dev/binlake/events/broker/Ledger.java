package dev.binlake.events.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A load ledger several processes share through a folder, keyed by object key like the loader's:
 * the first consumer to record a key "loads" it (creates {@code done/<key>} atomically); later
 * deliveries of the same key are no-ops. Every delivery is also logged per consumer.
 */
public final class Ledger {
  private final Path dir;

  public Ledger(Path dir) {
    this.dir = dir;
    try {
      Files.createDirectories(dir.resolve("done"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Records a delivery; true if this consumer loaded the key, false if it was already loaded. */
  public boolean load(String consumer, String key) {
    delivered(consumer, key);
    try {
      Files.writeString(
          dir.resolve("done").resolve(URLEncoder.encode(key, StandardCharsets.UTF_8)),
          consumer,
          StandardOpenOption.CREATE_NEW);
      return true;
    } catch (FileAlreadyExistsException e) {
      return false;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Logs a delivery to {@code consumer} without loading. */
  public void delivered(String consumer, String key) {
    try {
      Files.writeString(
          dir.resolve("deliveries-" + consumer + ".log"),
          key + "\n",
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Loaded keys (URL-encoded) and the consumer that loaded each. */
  public Map<String, String> loaded() {
    Map<String, String> loaded = new HashMap<>();
    try (Stream<Path> files = Files.list(dir.resolve("done"))) {
      for (Path file : files.toList()) {
        loaded.put(file.getFileName().toString(), Files.readString(file));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return loaded;
  }

  /** Every key delivered to {@code consumer}, in order, duplicates included. */
  public List<String> deliveries(String consumer) {
    Path log = dir.resolve("deliveries-" + consumer + ".log");
    try {
      return Files.exists(log) ? Files.readAllLines(log) : List.of();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Path dir() {
    return dir;
  }
}
