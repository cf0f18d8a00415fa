package dev.binlake.events.rabbitmq;

import static java.util.Objects.requireNonNull;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.GetResponse;
import com.rabbitmq.client.MessageProperties;
import dev.binlake.api.BinlakeException;
import dev.binlake.api.ErrorCode;
import dev.binlake.api.ObjectCreated;
import dev.binlake.events.ObjectCreatedJson;
import dev.binlake.events.broker.BrokerTransport;
import dev.binlake.events.broker.DeadLetterMessage;
import dev.binlake.events.broker.Delivery;
import dev.binlake.events.broker.Outcome;
import dev.binlake.events.rules.EventPattern;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Object Created events through RabbitMQ, as a work queue several loader processes share.
 *
 * <ul>
 *   <li>The work queue is a durable quorum queue: messages are persistent, acknowledged manually
 *       after the handler returns, and redelivered (with RabbitMQ's {@code x-delivery-count}) when
 *       a consumer's connection dies with them unacknowledged.
 *   <li>{@link #publish} waits for the publisher confirm, so a returned publish is on disk.
 *   <li>A failed attempt is republished, with its attempt number in a header, to a retry queue
 *       whose message TTL is the backoff delay and whose dead-letter target is the work queue (one
 *       retry queue per distinct delay, so no message waits behind a longer one); then acked.
 *   <li>After {@code maxAttempts} the message goes to {@code <queue>.dead} with the {@link
 *       BrokerTransport#REASON_HEADER reason}, attempts and time in headers.
 * </ul>
 *
 * <p>Each subscription has its own channel (one event at a time on RabbitMQ's dispatch thread);
 * publishing is serialized on one channel.
 */
public final class RabbitMqEventTransport implements BrokerTransport {
  private static final Logger log = LoggerFactory.getLogger(RabbitMqEventTransport.class);
  private static final String ATTEMPT_HEADER = "binlake-attempt";
  private static final String DELIVERY_COUNT_HEADER = "x-delivery-count";
  private static final long CONFIRM_TIMEOUT_MILLIS = 30_000;

  private final RabbitMqSettings settings;
  private final ObjectCreatedJson json;
  private final Connection connection;
  private final Object publishLock = new Object();
  private Channel publishChannel; // guarded by publishLock; reopened after a failure closed it
  private final List<Consumer> consumers = new CopyOnWriteArrayList<>();

  /** Connects and declares the queues (idempotent; several processes may do it at once). */
  public RabbitMqEventTransport(RabbitMqSettings settings) {
    this(settings, new ObjectCreatedJson());
  }

  public RabbitMqEventTransport(RabbitMqSettings settings, ObjectCreatedJson json) {
    this.settings = requireNonNull(settings, "settings is null");
    this.json = requireNonNull(json, "json is null");
    try {
      ConnectionFactory factory = new ConnectionFactory();
      factory.setUri(settings.uri());
      this.connection = factory.newConnection("binlake " + settings.queue());
    } catch (IOException | TimeoutException e) {
      throw failure(e, "connect to RabbitMQ at %s", settings.safeUri());
    } catch (java.security.GeneralSecurityException e) {
      throw failure(e, "set up TLS for RabbitMQ at %s", settings.safeUri());
    }
    try {
      declareQueues();
    } catch (IOException | RuntimeException e) {
      closeQuietly();
      throw e instanceof BinlakeException
          ? (BinlakeException) e
          : failure(e, "declare RabbitMQ queue %s", settings.queue());
    }
  }

  public RabbitMqSettings settings() {
    return settings;
  }

  @Override
  public void publish(ObjectCreated event) {
    requireNonNull(event, "event is null");
    AMQP.BasicProperties properties =
        MessageProperties.PERSISTENT_BASIC
            .builder()
            .contentType("application/json")
            .messageId(event.id())
            .build();
    byte[] body = json.write(event).getBytes(StandardCharsets.UTF_8);
    synchronized (publishLock) {
      try {
        if (publishChannel == null || !publishChannel.isOpen()) {
          publishChannel = connection.createChannel();
          publishChannel.confirmSelect();
        }
        publishChannel.basicPublish("", settings.queue(), properties, body);
        publishChannel.waitForConfirmsOrDie(CONFIRM_TIMEOUT_MILLIS);
      } catch (IOException | TimeoutException | RuntimeException e) {
        throw failure(
            e, "publish event for %s to RabbitMQ queue %s", event.key(), settings.queue());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw failure(e, "publish event for %s: interrupted", event.key());
      }
    }
  }

  @Override
  public Subscription subscribe(EventPattern pattern, EventHandler handler) {
    Delivery delivery = new Delivery(pattern, handler, settings.retryPolicy());
    try {
      Channel channel = connection.createChannel();
      channel.basicQos(settings.prefetch());
      channel.confirmSelect();
      Consumer consumer = new Consumer(channel, delivery);
      channel.basicConsume(settings.queue(), false, consumer);
      consumers.add(consumer);
      return consumer::close;
    } catch (IOException e) {
      throw failure(e, "subscribe to RabbitMQ queue %s", settings.queue());
    }
  }

  @Override
  public String deadLetterQueueName() {
    return settings.deadLetterQueue();
  }

  @Override
  public long deadLetterCount() {
    try (Channel channel = connection.createChannel()) {
      return channel.queueDeclarePassive(settings.deadLetterQueue()).getMessageCount();
    } catch (IOException | TimeoutException e) {
      throw failure(e, "count dead letters in RabbitMQ queue %s", settings.deadLetterQueue());
    }
  }

  /** Takes messages unacknowledged, then hands them all back: they keep their places. */
  @Override
  public List<DeadLetterMessage> peekDeadLetters(int limit) {
    List<DeadLetterMessage> messages = new java.util.ArrayList<>();
    try (Channel channel = connection.createChannel()) {
      long lastTag = -1;
      while (messages.size() < limit) {
        GetResponse response = channel.basicGet(settings.deadLetterQueue(), false);
        if (response == null) {
          break;
        }
        lastTag = response.getEnvelope().getDeliveryTag();
        Map<String, Object> headers =
            response.getProps().getHeaders() == null ? Map.of() : response.getProps().getHeaders();
        messages.add(
            DeadLetterMessage.of(
                response.getBody(),
                headers.get(REASON_HEADER),
                headers.get(ATTEMPTS_HEADER),
                headers.get(FAILED_AT_HEADER)));
      }
      if (lastTag >= 0) {
        channel.basicNack(lastTag, true, true);
      }
    } catch (IOException | TimeoutException e) {
      throw failure(e, "read dead letters in RabbitMQ queue %s", settings.deadLetterQueue());
    }
    return messages;
  }

  /** Stops subscriptions (a running handler finishes first) and closes the connection. */
  @Override
  public void close() {
    for (Consumer consumer : consumers) {
      consumer.close();
    }
    closeQuietly();
  }

  private void declareQueues() throws IOException {
    try (Channel channel = connection.createChannel()) {
      channel.queueDeclare(settings.queue(), true, false, false, Map.of("x-queue-type", "quorum"));
      for (Duration delay : settings.retryDelays()) {
        channel.queueDeclare(
            settings.retryQueue(delay),
            true,
            false,
            false,
            Map.of(
                "x-message-ttl", delay.toMillis(),
                "x-dead-letter-exchange", "",
                "x-dead-letter-routing-key", settings.queue()));
      }
      channel.queueDeclare(settings.deadLetterQueue(), true, false, false, Map.of());
    } catch (TimeoutException e) {
      throw failure(e, "declare RabbitMQ queue %s", settings.queue());
    } catch (IOException e) {
      throw failure(
          e,
          "declare RabbitMQ queues for %s: %s (a queue of that name may exist with other arguments:"
              + " delete it or choose another queue name)",
          settings.queue(),
          rootMessage(e));
    }
  }

  private void closeQuietly() {
    try {
      if (connection.isOpen()) {
        connection.close();
      }
    } catch (IOException | RuntimeException e) {
      log.warn("Closing the RabbitMQ connection to {} failed", settings.safeUri(), e);
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return String.valueOf(root.getMessage());
  }

  private static BinlakeException failure(Throwable e, String what, Object... args) {
    return new BinlakeException(
        ErrorCode.LOAD_FAILED,
        e,
        "Cannot %s: %s (check that RabbitMQ runs and events.rabbitmq.uri is right)",
        String.format(what, args),
        rootMessage(e));
  }

  /** One subscription: a channel with its prefetch window and RabbitMQ's dispatch thread. */
  private final class Consumer extends DefaultConsumer {
    private final Delivery delivery;
    private final Object handling = new Object();
    private volatile boolean stopped;

    Consumer(Channel channel, Delivery delivery) {
      super(channel);
      this.delivery = delivery;
    }

    @Override
    public void handleDelivery(
        String consumerTag, Envelope envelope, AMQP.BasicProperties properties, byte[] body)
        throws IOException {
      synchronized (handling) {
        if (stopped) {
          return; // left unacknowledged: requeued when the channel closes
        }
        Map<String, Object> headers =
            properties.getHeaders() == null ? Map.of() : properties.getHeaders();
        int attempt =
            number(headers.get(ATTEMPT_HEADER), 1) + number(headers.get(DELIVERY_COUNT_HEADER), 0);
        Outcome outcome = delivery.attempt(body, attempt);
        long tag = envelope.getDeliveryTag();
        try {
          if (outcome instanceof Outcome.Retry) {
            Outcome.Retry retry = (Outcome.Retry) outcome;
            Map<String, Object> retryHeaders = new HashMap<>();
            retryHeaders.put(ATTEMPT_HEADER, attempt + 1);
            retryHeaders.put(REASON_HEADER, retry.reason());
            republish(settings.retryQueue(retry.delay()), properties, retryHeaders, body);
          } else if (outcome instanceof Outcome.DeadLetter) {
            Map<String, Object> deadHeaders = new HashMap<>();
            deadHeaders.put(REASON_HEADER, ((Outcome.DeadLetter) outcome).reason());
            deadHeaders.put(
                ATTEMPTS_HEADER, Math.min(attempt, delivery.retryPolicy().maxAttempts()));
            deadHeaders.put(FAILED_AT_HEADER, Instant.now().toString());
            republish(settings.deadLetterQueue(), properties, deadHeaders, body);
          }
          getChannel().basicAck(tag, false);
        } catch (IOException | TimeoutException | RuntimeException e) {
          log.warn("Cannot move event to its retry or dead-letter queue; requeueing it", e);
          getChannel().basicNack(tag, false, true);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          getChannel().basicNack(tag, false, true);
        }
      }
    }

    private void republish(
        String queue, AMQP.BasicProperties original, Map<String, Object> headers, byte[] body)
        throws IOException, InterruptedException, TimeoutException {
      AMQP.BasicProperties properties =
          MessageProperties.PERSISTENT_BASIC
              .builder()
              .contentType("application/json")
              .messageId(original.getMessageId())
              .headers(headers)
              .build();
      getChannel().basicPublish("", queue, properties, body);
      getChannel().waitForConfirmsOrDie(CONFIRM_TIMEOUT_MILLIS);
    }

    void close() {
      stopped = true;
      consumers.remove(this);
      synchronized (handling) {
        try {
          if (getChannel().isOpen()) {
            getChannel().close();
          }
        } catch (IOException | TimeoutException | RuntimeException e) {
          log.warn("Closing a RabbitMQ subscription to {} failed", settings.queue(), e);
        }
      }
    }

    private int number(Object header, int missing) {
      return header instanceof Number ? ((Number) header).intValue() : missing;
    }
  }
}
