package dev.binlake.events.broker;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/** What a transport does with a message after one delivery attempt. */
public sealed interface Outcome {
  /** The handler returned: acknowledge. */
  record Handled() implements Outcome {}

  /** The event does not match the subscription's pattern: acknowledge and drop. */
  record Skipped() implements Outcome {}

  /** The handler threw: deliver again after {@code delay}. */
  record Retry(Duration delay, String reason) implements Outcome {
    public Retry {
      requireNonNull(delay, "delay is null");
      requireNonNull(reason, "reason is null");
    }
  }

  /** Give up: move the message to the dead-letter queue with {@code reason}. */
  record DeadLetter(String reason) implements Outcome {
    public DeadLetter {
      requireNonNull(reason, "reason is null");
    }
  }
}
