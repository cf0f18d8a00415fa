package dev.binlake.capture.sink;

import dev.binlake.api.ObjectStore;
import dev.binlake.api.StoredObject;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * An in-memory store that refuses every write while {@link #crash} is set, as if the process had
 * died: nothing written after that point is stored. {@link #crashAfter} sets it right after a
 * matching key is stored.
 */
final class CrashingStore implements ObjectStore {
  final AtomicBoolean crash = new AtomicBoolean();
  final AtomicInteger refused = new AtomicInteger();
  private final InMemoryStore objects = new InMemoryStore();
  private volatile Predicate<String> crashAfter = key -> false;

  /** Crash right after the first stored key that matches. */
  void crashAfter(Predicate<String> key) {
    crashAfter = key;
  }

  @Override
  public String bucket() {
    return objects.bucket();
  }

  @Override
  public StoredObject put(String key, Path file) {
    if (crash.get()) {
      refused.incrementAndGet();
      throw new IllegalStateException("crashed: " + key + " is not stored");
    }
    StoredObject stored = objects.put(key, file);
    if (crashAfter.test(key)) {
      crashAfter = k -> false;
      crash.set(true);
    }
    return stored;
  }

  @Override
  public InputStream open(String key) {
    return objects.open(key);
  }

  @Override
  public List<StoredObject> list(String prefix) {
    return objects.list(prefix);
  }

  @Override
  public Optional<StoredObject> stat(String key) {
    return objects.stat(key);
  }
}
