package dev.binlake.events.rules;

import dev.binlake.api.ObjectStore;
import dev.binlake.api.StoredObject;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A store whose listings hold only the objects an {@link ObjectRule} matches, so a loader's listing
 * pass skips what its event rule skips. Does not own the store: closing it closes nothing.
 */
final class MatchingObjects implements ObjectStore {
  private final ObjectStore store;
  private final ObjectRule rule;

  MatchingObjects(ObjectStore store, ObjectRule rule) {
    this.store = store;
    this.rule = rule;
  }

  @Override
  public String bucket() {
    return store.bucket();
  }

  @Override
  public StoredObject put(String key, Path file) {
    return store.put(key, file);
  }

  @Override
  public InputStream open(String key) {
    return store.open(key);
  }

  @Override
  public List<StoredObject> list(String prefix) {
    return store.list(prefix).stream().filter(o -> rule.matches(store.bucket(), o)).toList();
  }

  @Override
  public Optional<StoredObject> stat(String key) {
    return store.stat(key);
  }

  @Override
  public Optional<Path> localPath(String key) {
    return store.localPath(key);
  }

  @Override
  public String toString() {
    return store + " where " + rule;
  }
}
