package dev.binlake.capture.sink;

import dev.binlake.api.BinlakeException;
import dev.binlake.api.ErrorCode;
import dev.binlake.api.ObjectStore;
import dev.binlake.api.StoredObject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/** An object store in memory: a second implementation of the contract, for tests. */
final class InMemoryStore implements ObjectStore {
  private final TreeMap<String, byte[]> objects = new TreeMap<>();

  @Override
  public String bucket() {
    return "memory";
  }

  @Override
  public synchronized StoredObject put(String key, Path file) {
    try {
      objects.put(key, Files.readAllBytes(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return stat(key).orElseThrow();
  }

  @Override
  public synchronized InputStream open(String key) {
    byte[] bytes = objects.get(key);
    if (bytes == null) {
      throw new BinlakeException(ErrorCode.OBJECT_NOT_FOUND, "Cannot open %s: not found", key);
    }
    return new ByteArrayInputStream(bytes);
  }

  @Override
  public synchronized List<StoredObject> list(String prefix) {
    List<StoredObject> list = new ArrayList<>();
    for (String key : objects.tailMap(prefix).keySet()) {
      if (key.startsWith(prefix)) {
        list.add(stat(key).orElseThrow());
      }
    }
    return list;
  }

  @Override
  public synchronized Optional<StoredObject> stat(String key) {
    byte[] bytes = objects.get(key);
    return bytes == null
        ? Optional.empty()
        : Optional.of(
            new StoredObject(
                key,
                bytes.length,
                Integer.toHexString(java.util.Arrays.hashCode(bytes)),
                Instant.EPOCH));
  }

  synchronized List<String> keys() {
    return List.copyOf(objects.keySet());
  }

  synchronized byte[] bytes(String key) {
    return objects.get(key);
  }
}
