package dev.binlake.events;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * How often and how patiently a failed delivery is retried: attempt {@code n} (from 1) that fails
 * waits {@code min(baseDelay * 2^(n-1), maxDelay)} before attempt {@code n+1}; after {@code
 * maxAttempts} failures the event is dead-lettered.
 */
public record RetryPolicy(Duration baseDelay, Duration maxDelay, int maxAttempts) {
  /** 100 ms, doubling up to 10 s, 8 attempts: about 13 s from first failure to dead letter. */
  public static final RetryPolicy DEFAULT =
      new RetryPolicy(Duration.ofMillis(100), Duration.ofSeconds(10), 8);

  public RetryPolicy {
    requireNonNull(baseDelay, "baseDelay is null");
    requireNonNull(maxDelay, "maxDelay is null");
    if (baseDelay.isNegative() || maxDelay.compareTo(baseDelay) < 0) {
      throw new IllegalArgumentException(
          "Cannot use retry delays " + baseDelay + ".." + maxDelay + ": need 0 <= base <= max");
    }
    if (maxAttempts < 1) {
      throw new IllegalArgumentException(
          "Cannot use maxAttempts " + maxAttempts + ": need at least 1");
    }
  }

  /** The wait after failed attempt {@code attempt} (1-based). */
  public Duration delayAfter(int attempt) {
    Duration delay = baseDelay;
    for (int i = 1; i < attempt && delay.compareTo(maxDelay) < 0; i++) {
      delay = delay.multipliedBy(2);
    }
    return delay.compareTo(maxDelay) > 0 ? maxDelay : delay;
  }
}
