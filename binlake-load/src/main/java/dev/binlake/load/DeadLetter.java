package dev.binlake.load;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/** A stored object that can never load, with the reason and when it was set aside. */
public record DeadLetter(String key, String reason, Instant time) {
  public DeadLetter {
    requireNonNull(key, "key is null");
    requireNonNull(reason, "reason is null");
    requireNonNull(time, "time is null");
  }
}
