package dev.binlake.events.rabbitmq;

import static java.util.Objects.requireNonNull;

import dev.binlake.events.RetryPolicy;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Where and how {@link RabbitMqEventTransport} works. {@code uri} is an AMQP URI ({@code
 * amqp://user:password@host:5672/vhost}); {@code queue} is the work queue loaders share; each
 * distinct retry delay gets a queue {@code <queue>.retry.<millis>ms} and failed events end in
 * {@code <queue>.dead}. {@code prefetch} is how many unacknowledged events one subscription may
 * hold.
 */
public record RabbitMqSettings(URI uri, String queue, int prefetch, RetryPolicy retryPolicy) {
  public static final URI DEFAULT_URI = URI.create("amqp://guest:guest@127.0.0.1:5672/%2F");
  public static final String DEFAULT_QUEUE = "binlake.object-created";
  public static final int DEFAULT_PREFETCH = 4;

  public RabbitMqSettings {
    requireNonNull(uri, "uri is null");
    requireNonNull(queue, "queue is null");
    requireNonNull(retryPolicy, "retryPolicy is null");
    if (!"amqp".equals(uri.getScheme()) && !"amqps".equals(uri.getScheme())) {
      throw new IllegalArgumentException(
          "Cannot use RabbitMQ URI scheme '" + uri.getScheme() + "': use amqp:// or amqps://");
    }
    if (queue.isBlank() || queue.length() > 200) {
      throw new IllegalArgumentException(
          "Cannot use RabbitMQ queue name '" + queue + "': need 1-200 characters");
    }
    if (prefetch < 1) {
      throw new IllegalArgumentException("Cannot use prefetch " + prefetch + ": need at least 1");
    }
  }

  /** Local RabbitMQ (guest/guest), default queue, prefetch and retries. */
  public static RabbitMqSettings defaults() {
    return new RabbitMqSettings(DEFAULT_URI, DEFAULT_QUEUE, DEFAULT_PREFETCH, RetryPolicy.DEFAULT);
  }

  public RabbitMqSettings withQueue(String newQueue) {
    return new RabbitMqSettings(uri, newQueue, prefetch, retryPolicy);
  }

  public String deadLetterQueue() {
    return queue + ".dead";
  }

  /** The queue where an event waits {@code delay} before going back to the work queue. */
  public String retryQueue(Duration delay) {
    return queue + ".retry." + delay.toMillis() + "ms";
  }

  /** The distinct retry delays of the policy, in order. */
  public List<Duration> retryDelays() {
    Set<Duration> delays = new LinkedHashSet<>();
    for (int attempt = 1; attempt < retryPolicy.maxAttempts(); attempt++) {
      delays.add(retryPolicy.delayAfter(attempt));
    }
    return List.copyOf(delays);
  }

  /** Every queue this transport declares: work, retry and dead-letter queues. */
  public List<String> queueNames() {
    List<String> names = new ArrayList<>();
    names.add(queue);
    retryDelays().forEach(delay -> names.add(retryQueue(delay)));
    names.add(deadLetterQueue());
    return names;
  }

  /** The URI without its password, for messages and logs. */
  public String safeUri() {
    String userInfo = uri.getUserInfo();
    if (userInfo == null) {
      return uri.toString();
    }
    int colon = userInfo.indexOf(':');
    String user = colon < 0 ? userInfo : userInfo.substring(0, colon);
    return uri.toString().replace(userInfo + "@", user + ":***@");
  }
}
