package dev.binlake.events.broker;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;

/**
 * The log of a broker call a transport retries until it works again (a receive, a resubscription),
 * so that an outage is reported without a line per attempt: the first failure, and any failure of
 * another kind (exception class), at WARN with its stack trace; then one WARN per {@code
 * reminderEvery} with the number of failures so far; the others at DEBUG; and the end of the outage
 * at INFO, as {@code recovered}. Thread-safe.
 */
public final class OutageLog {
  /** How often a lasting outage is logged again. */
  public static final Duration REMINDER_EVERY = Duration.ofMinutes(1);

  private final Logger log;
  private final String recovered;
  private final Duration reminderEvery;
  private final Clock clock;
  private int failures; // in the ongoing outage; 0 when there is none
  private Instant since;
  private Instant lastWarning;
  private Class<?> lastKind;

  /** {@code recovered} is logged when an outage ends, e.g. "Receiving from SQS queue q works". */
  public OutageLog(Logger log, String recovered) {
    this(log, recovered, REMINDER_EVERY, Clock.systemUTC());
  }

  public OutageLog(Logger log, String recovered, Duration reminderEvery, Clock clock) {
    this.log = requireNonNull(log, "log is null");
    this.recovered = requireNonNull(recovered, "recovered is null");
    this.reminderEvery = requireNonNull(reminderEvery, "reminderEvery is null");
    this.clock = requireNonNull(clock, "clock is null");
  }

  /**
   * An attempt failed with {@code cause}; {@code message} says what failed and what happens next
   * (for example "Cannot receive from SQS queue q: it does not exist; trying again every 1 s").
   */
  public synchronized void failed(String message, Throwable cause) {
    requireNonNull(message, "message is null");
    requireNonNull(cause, "cause is null");
    Instant now = clock.instant();
    failures++;
    if (failures == 1) {
      since = now;
    }
    if (failures == 1 || cause.getClass() != lastKind) {
      log.warn("{}: {}", message, cause.toString(), cause);
      lastWarning = now;
    } else if (!now.isBefore(lastWarning.plus(reminderEvery))) {
      log.warn(
          "{}: {} (failing for {} s, {} attempts; logged again in {} s if it lasts)",
          message,
          cause.toString(),
          Duration.between(since, now).toSeconds(),
          failures,
          reminderEvery.toSeconds());
      lastWarning = now;
    } else {
      log.debug("{} (attempt {} of this outage): {}", message, failures, cause.toString());
    }
    lastKind = cause.getClass();
  }

  /** An attempt worked; if it ends an outage, logs that at INFO with the outage's length. */
  public synchronized void succeeded() {
    if (failures == 0) {
      return;
    }
    log.info(
        "{} again (after {} failed attempts over {} s)",
        recovered,
        failures,
        Duration.between(since, clock.instant()).toSeconds());
    failures = 0;
    lastKind = null;
  }

  /** Whether the last attempt failed. */
  public synchronized boolean isFailing() {
    return failures > 0;
  }
}
