package dev.binlake.events.rabbitmq;

import static java.util.Objects.requireNonNull;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import com.rabbitmq.client.MessageProperties;
import com.rabbitmq.client.Recoverable;
import com.rabbitmq.client.RecoveryListener;
import dev.binlake.api.BinlakeException;
import dev.binlake.api.ErrorCode;
import dev.binlake.api.ObjectCreated;
import dev.binlake.events.ObjectCreatedJson;
import dev.binlake.events.broker.BrokerTransport;
import dev.binlake.events.broker.DeadLetterMessage;
import dev.binlake.events.broker.Delivery;
import dev.binlake.events.broker.OutageLog;
import dev.binlake.events.rules.EventPattern;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Object Created events through RabbitMQ, as a work queue several loader processes share.
 *
 * <ul>
 *   <li>The work queue is a durable quorum queue: messages are persistent, acknowledged manually
 *       after the handler returns, and redelivered (with RabbitMQ's {@code x-delivery-count}) when
 *       a consumer's connection dies with them unacknowledged.
 *   <li>{@link #publish} waits for the publisher confirm, so an event is on disk once it returns.
 *       An event RabbitMQ sends back as unroutable (the work queue is missing) is published again
 *       after declaring the queues, instead of being dropped.
 *   <li>A failed attempt is republished, with its attempt number in a header, to a retry queue
 *       whose message TTL is the backoff delay and whose dead-letter target is the work queue (one
 *       retry queue per distinct delay, so no message waits behind a longer one); then acked.
 *   <li>After {@code maxAttempts} the message goes to {@code <queue>.dead} with the {@link
 *       BrokerTransport#REASON_HEADER reason}, attempts and time in headers.
 * </ul>
 *
 * <p>Each subscription has its own channel (one event at a time on RabbitMQ's dispatch thread);
 * publishing is serialized on one channel.
 *
 * <p>Outages: the client reconnects on its own every 5 s and reopens the channels; then this
 * transport declares its queues again (a broker may come back without them) and subscribes its
 * subscriptions again. It does the same when RabbitMQ cancels a subscription because its queue was
 * deleted, at once: while the work queue is missing, RabbitMQ drops what others publish to it. A
 * failed attempt is retried every second, and logged once, then once a minute while it lasts.
 */
public final class RabbitMqEventTransport implements BrokerTransport {
  private static final Logger log = LoggerFactory.getLogger(RabbitMqEventTransport.class);
  private static final AtomicInteger threadNumber = new AtomicInteger();
  private static final long CONFIRM_TIMEOUT_MILLIS = 30_000;
  static final Duration RECOVERY_INTERVAL = Duration.ofSeconds(5);
  static final Duration RETRY_PAUSE = Duration.ofSeconds(1);

  private final RabbitMqSettings settings;
  private final ObjectCreatedJson json;
  private final Connection connection;
  private final Object publishLock = new Object();
  private Channel publishChannel; // guarded by publishLock; reopened after a failure closed it
  private volatile boolean publishReturned; // set by publishChannel's return listener
  private final List<RabbitMqSubscription> subscriptions = new CopyOnWriteArrayList<>();
  private final ScheduledExecutorService restorer;
  private final AtomicBoolean restoreScheduled = new AtomicBoolean();
  private final OutageLog restoreOutage;
  private volatile boolean closed;

  /** Connects and declares the queues (idempotent; several processes may do it at once). */
  public RabbitMqEventTransport(RabbitMqSettings settings) {
    this(settings, new ObjectCreatedJson());
  }

  public RabbitMqEventTransport(RabbitMqSettings settings, ObjectCreatedJson json) {
    this.settings = requireNonNull(settings, "settings is null");
    this.json = requireNonNull(json, "json is null");
    this.restoreOutage =
        new OutageLog(
            log, "Declaring RabbitMQ queue " + settings.queue() + " and subscribing to it works");
    try {
      ConnectionFactory factory = new ConnectionFactory();
      factory.setUri(settings.uri());
      factory.setAutomaticRecoveryEnabled(true); // reconnects and reopens channels
      factory.setNetworkRecoveryInterval(RECOVERY_INTERVAL.toMillis());
      // Queues and consumers are declared again by restore(), which retries and logs a failure
      // instead of leaving a consumer that was not recovered.
      factory.setTopologyRecoveryEnabled(false);
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
    this.restorer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread thread =
                  new Thread(r, "binlake-rabbitmq-restore-" + threadNumber.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    connection.addShutdownListener(
        cause -> {
          if (!cause.isInitiatedByApplication()) {
            log.warn(
                "Lost the connection to RabbitMQ at {} ({}); reconnecting every {} s (publishing"
                    + " fails and subscriptions wait meanwhile)",
                settings.safeUri(),
                cause.getCause() == null
                    ? cause.getMessage()
                    : cause.getMessage() + ": " + cause.getCause(),
                RECOVERY_INTERVAL.toSeconds());
          }
        });
    ((Recoverable) connection)
        .addRecoveryListener(
            new RecoveryListener() {
              @Override
              public void handleRecovery(Recoverable recovered) {
                log.info(
                    "Reconnected to RabbitMQ at {}; declaring queue {} and subscribing again",
                    settings.safeUri(),
                    settings.queue());
                restoreSoon(Duration.ZERO);
              }

              @Override
              public void handleRecoveryStarted(Recoverable recovering) {}
            });
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
        if (!publishConfirmed(properties, body)) {
          log.warn(
              "RabbitMQ returned the event for {}: queue {} does not exist (deleted?); declaring"
                  + " the queues again and publishing once more",
              event.key(),
              settings.queue());
          declareQueues();
          if (!publishConfirmed(properties, body)) {
            throw new BinlakeException(
                ErrorCode.LOAD_FAILED,
                "Cannot publish event for %s: RabbitMQ queue %s does not take it even after"
                    + " declaring it again (check it with rabbitmqctl list_queues, and the"
                    + " policies that apply to it)",
                event.key(),
                settings.queue());
          }
        }
      } catch (BinlakeException e) {
        throw e;
      } catch (IOException | TimeoutException | RuntimeException e) {
        throw failure(
            e, "publish event for %s to RabbitMQ queue %s", event.key(), settings.queue());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw failure(e, "publish event for %s: interrupted", event.key());
      }
    }
  }

  /**
   * Publishes (mandatory, so RabbitMQ returns it if no queue takes it) and waits for the confirm;
   * false if it was returned. Called holding {@link #publishLock}.
   */
  private boolean publishConfirmed(AMQP.BasicProperties properties, byte[] body)
      throws IOException, InterruptedException, TimeoutException {
    if (publishChannel == null || !publishChannel.isOpen()) {
      publishChannel = connection.createChannel();
      publishChannel.confirmSelect();
      // Runs on the connection's thread before the confirm of the same message is handled.
      publishChannel.addReturnListener(returned -> publishReturned = true);
    }
    publishReturned = false;
    publishChannel.basicPublish("", settings.queue(), true, properties, body);
    publishChannel.waitForConfirmsOrDie(CONFIRM_TIMEOUT_MILLIS);
    return !publishReturned;
  }

  @Override
  public Subscription subscribe(EventPattern pattern, EventHandler handler) {
    RabbitMqSubscription subscription =
        new RabbitMqSubscription(
            settings,
            new Delivery(pattern, handler, settings.retryPolicy()),
            () -> restoreSoon(Duration.ZERO));
    try {
      subscription.subscribeIfIdle(connection);
    } catch (IOException | RuntimeException e) {
      throw failure(e, "subscribe to RabbitMQ queue %s", settings.queue());
    }
    subscriptions.add(subscription);
    return () -> {
      subscriptions.remove(subscription);
      subscription.close();
    };
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
    closed = true;
    for (RabbitMqSubscription subscription : subscriptions) {
      subscription.close();
    }
    subscriptions.clear();
    restorer.shutdownNow();
    closeQuietly();
  }

  /** Runs {@link #restore} after {@code delay}, unless it is scheduled already. */
  private void restoreSoon(Duration delay) {
    if (closed || !restoreScheduled.compareAndSet(false, true)) {
      return;
    }
    try {
      restorer.schedule(this::restore, delay.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      restoreScheduled.set(false); // closing
    }
  }

  /** Declares the queues again and subscribes every subscription that lost its consumer. */
  private void restore() {
    restoreScheduled.set(false);
    if (closed) {
      return;
    }
    try {
      declareQueues();
      for (RabbitMqSubscription subscription : subscriptions) {
        if (subscription.subscribeIfIdle(connection)) {
          log.info("Subscribed again to RabbitMQ queue {}", settings.queue());
        }
      }
      restoreOutage.succeeded();
    } catch (IOException | RuntimeException e) {
      if (closed) {
        return;
      }
      restoreOutage.failed(
          String.format(
              "Cannot declare RabbitMQ queue %s and subscribe to it again at %s; trying again"
                  + " every %d s",
              settings.queue(), settings.safeUri(), RETRY_PAUSE.toSeconds()),
          e);
      restoreSoon(RETRY_PAUSE);
    }
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
}
