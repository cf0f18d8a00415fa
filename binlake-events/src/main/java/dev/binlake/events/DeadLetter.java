package dev.binlake.events;

import static java.util.Objects.requireNonNull;

import dev.binlake.api.EventRule;
import dev.binlake.api.ObjectCreated;
import java.time.Instant;

/**
 * An event a subscriber failed to handle {@code attempts} times; {@code reason} is the last
 * exception's message.
 */
public record DeadLetter(
    ObjectCreated event, EventRule rule, String reason, int attempts, Instant failedAt) {
  public DeadLetter {
    requireNonNull(event, "event is null");
    requireNonNull(rule, "rule is null");
    requireNonNull(reason, "reason is null");
    requireNonNull(failedAt, "failedAt is null");
  }
}
