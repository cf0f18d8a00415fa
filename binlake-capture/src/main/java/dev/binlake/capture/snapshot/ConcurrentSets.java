package dev.binlake.capture.snapshot;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Thread-safe sets. */
final class ConcurrentSets {
  private ConcurrentSets() {}

  static <T> Set<T> create() {
    return ConcurrentHashMap.newKeySet();
  }
}
