package dev.binlake.load;

import java.util.List;

/**
 * Where objects that can never load are set aside with the reason, so loading goes on with the rest
 * and {@code status} can show them. Implementations are thread-safe.
 */
public interface DeadLetters {
  /** Records {@code key}; a key already recorded keeps its first entry. */
  void add(String key, String reason);

  boolean contains(String key);

  /** Every entry, oldest first. */
  List<DeadLetter> list();
}
