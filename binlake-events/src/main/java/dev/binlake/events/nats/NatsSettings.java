package dev.binlake.events.nats;

import static java.util.Objects.requireNonNull;

import dev.binlake.events.RetryPolicy;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * Where and how {@link NatsEventTransport} works: the server {@code url} ({@code
 * nats://host:4222}), the work-queue {@code stream} holding {@code subject}, the durable pull
 * {@code consumer} every loader shares, how many events one subscription pulls ahead ({@code
 * prefetch}; keep it small: a pulled event's {@code ackWait} runs while it waits), and how long an
 * unacknowledged delivery stays with a loader before JetStream redelivers it ({@code ackWait}; a
 * running handler keeps extending it). Dead letters go to {@code <subject>.dead}, kept in stream
 * {@code <stream>_DEAD}.
 */
public record NatsSettings(
    String url,
    String stream,
    String subject,
    String consumer,
    int prefetch,
    Duration ackWait,
    RetryPolicy retryPolicy) {
  public static final String DEFAULT_URL = "nats://127.0.0.1:4222";
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");
  private static final Pattern SUBJECT = Pattern.compile("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*");

  public NatsSettings {
    requireNonNull(url, "url is null");
    requireNonNull(ackWait, "ackWait is null");
    requireNonNull(retryPolicy, "retryPolicy is null");
    check(NAME.matcher(stream).matches(), "stream name", stream, "letters, digits, _ or -");
    check(NAME.matcher(consumer).matches(), "consumer name", consumer, "letters, digits, _ or -");
    check(SUBJECT.matcher(subject).matches(), "subject", subject, "dot-separated tokens");
    if (prefetch < 1) {
      throw new IllegalArgumentException("Cannot use prefetch " + prefetch + ": need at least 1");
    }
    if (ackWait.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new IllegalArgumentException("Cannot use ackWait " + ackWait + ": need at least 1s");
    }
  }

  /** Local NATS, stream BINLAKE_EVENTS, subject binlake.object-created, consumer binlake-loader. */
  public static NatsSettings defaults() {
    return new NatsSettings(
        DEFAULT_URL,
        "BINLAKE_EVENTS",
        "binlake.object-created",
        "binlake-loader",
        1,
        Duration.ofSeconds(30),
        RetryPolicy.DEFAULT);
  }

  public String deadLetterStream() {
    return stream + "_DEAD";
  }

  public String deadLetterSubject() {
    return subject + ".dead";
  }

  private static void check(boolean valid, String what, String value, String allowed) {
    if (!valid) {
      throw new IllegalArgumentException(
          "Cannot use NATS " + what + " '" + value + "': use " + allowed);
    }
  }
}
