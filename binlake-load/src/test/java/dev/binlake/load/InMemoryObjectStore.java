package dev.binlake.load;

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
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;

/** An object store in memory, counting how often each object was opened. No local paths. */
final class InMemoryObjectStore implements ObjectStore {
  private final ConcurrentSkipListMap<String, byte[]> objects = new ConcurrentSkipListMap<>();
  private final Map<String, AtomicInteger> opens = new ConcurrentHashMap<>();

  @Override
  public String bucket() {
    return "test-bucket";
  }

  @Override
  public StoredObject put(String key, Path file) {
    try {
      return put(key, Files.readAllBytes(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  StoredObject put(String key, byte[] bytes) {
    objects.put(key, bytes.clone());
    return stat(key).orElseThrow();
  }

  @Override
  public InputStream open(String key) {
    byte[] bytes = objects.get(key);
    if (bytes == null) {
      throw new BinlakeException(ErrorCode.OBJECT_NOT_FOUND, "Cannot open %s: no such object", key);
    }
    opens.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
    return new ByteArrayInputStream(bytes);
  }

  int openCount(String key) {
    AtomicInteger count = opens.get(key);
    return count == null ? 0 : count.get();
  }

  @Override
  public List<StoredObject> list(String prefix) {
    List<StoredObject> listed = new ArrayList<>();
    for (String key : objects.tailMap(prefix).keySet()) {
      if (!key.startsWith(prefix)) {
        break;
      }
      listed.add(stat(key).orElseThrow());
    }
    return listed;
  }

  @Override
  public Optional<StoredObject> stat(String key) {
    byte[] bytes = objects.get(key);
    return bytes == null
        ? Optional.empty()
        : Optional.of(
            new StoredObject(
                key, bytes.length, Integer.toHexString(Arrays.hashCode(bytes)), Instant.EPOCH));
  }
}
