package dev.binlake.events.sqs;

import static java.util.Objects.requireNonNull;

import dev.binlake.events.RetryPolicy;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where and how {@link SqsEventTransport} works: an {@code endpoint} override (empty for AWS
 * itself), the {@code region}, the work {@code queue} name (its dead-letter queue is {@code
 * <queue>-dead}), how many messages one receive takes ({@code prefetch}, 1-10; keep it small: a
 * received message's visibility timeout runs while it waits), and the {@code visibilityTimeout}
 * after which a message a dead loader held becomes visible again (a running handler keeps extending
 * it). SQS counts delays in whole seconds, so retry delays are rounded up to the next second.
 */
public record SqsSettings(
    Optional<URI> endpoint,
    String region,
    String queue,
    int prefetch,
    Duration visibilityTimeout,
    RetryPolicy retryPolicy) {
  private static final Pattern QUEUE = Pattern.compile("[A-Za-z0-9_-]{1,75}");

  public SqsSettings {
    requireNonNull(endpoint, "endpoint is null");
    requireNonNull(region, "region is null");
    requireNonNull(queue, "queue is null");
    requireNonNull(visibilityTimeout, "visibilityTimeout is null");
    requireNonNull(retryPolicy, "retryPolicy is null");
    if (!QUEUE.matcher(queue).matches()) {
      throw new IllegalArgumentException(
          "Cannot use SQS queue name '" + queue + "': use 1-75 letters, digits, _ or -");
    }
    if (prefetch < 1 || prefetch > 10) {
      throw new IllegalArgumentException("Cannot use prefetch " + prefetch + ": need 1 to 10");
    }
    if (visibilityTimeout.getSeconds() < 1 || visibilityTimeout.getSeconds() > 43_200) {
      throw new IllegalArgumentException(
          "Cannot use visibility timeout " + visibilityTimeout + ": need 1s to 12h");
    }
  }

  public String deadLetterQueue() {
    return queue + "-dead";
  }

  /** {@code delay} in whole seconds, rounded up, as SQS takes it (at most 12 hours). */
  static int seconds(Duration delay) {
    long seconds = delay.getSeconds() + (delay.getNano() > 0 ? 1 : 0);
    return (int) Math.min(43_200, seconds);
  }
}
