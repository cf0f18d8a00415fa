package dev.binlake.events.rabbitmq;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.MessageProperties;
import com.rabbitmq.client.ShutdownSignalException;
import dev.binlake.api.EventTransport;
import dev.binlake.events.broker.BrokerTransport;
import dev.binlake.events.broker.Delivery;
import dev.binlake.events.broker.Outcome;
import java.io.IOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One subscription to the work queue: a consumer on its own channel, with the prefetch window and
 * one event at a time on RabbitMQ's dispatch thread. When RabbitMQ cancels the consumer (its queue
 * was deleted) or closes its channel, {@code lost} asks the transport to declare the queues again
 * and call {@link #subscribeIfIdle} (as it also does after reconnecting), which consumes on a new
 * channel: each channel and its consumer are one {@link Generation}.
 */
final class RabbitMqSubscription implements EventTransport.Subscription {
  private static final Logger log = LoggerFactory.getLogger(RabbitMqSubscription.class);
  private static final String ATTEMPT_HEADER = "binlake-attempt";
  private static final String DELIVERY_COUNT_HEADER = "x-delivery-count";
  private static final long CONFIRM_TIMEOUT_MILLIS = 30_000;

  private final RabbitMqSettings settings;
  private final Delivery delivery;
  private final Runnable lost;
  private final Object handling = new Object(); // held while handling an event or changing channel
  private volatile Generation current; // null while stopped or between generations
  private volatile boolean stopped;

  RabbitMqSubscription(RabbitMqSettings settings, Delivery delivery, Runnable lost) {
    this.settings = settings;
    this.delivery = delivery;
    this.lost = lost;
  }

  /**
   * Consumes from the work queue on a new channel of {@code connection}, unless this subscription
   * consumes already or is closed; a running handler finishes first. Returns whether it subscribed.
   */
  boolean subscribeIfIdle(Connection connection) throws IOException {
    synchronized (handling) {
      Generation previous = current;
      if (stopped || (previous != null && previous.isConsuming())) {
        return false;
      }
      current = null;
      closeQuietly(previous); // its unacknowledged events go back to the queue
      Channel channel = connection.createChannel();
      try {
        channel.basicQos(settings.prefetch());
        channel.confirmSelect();
        Generation next = new Generation(channel);
        current = next;
        channel.basicConsume(settings.queue(), false, next);
        return true;
      } catch (IOException | RuntimeException e) {
        current = null;
        closeQuietly(channel);
        throw e;
      }
    }
  }

  /** Stops deliveries; a running handler finishes first. */
  @Override
  public void close() {
    stopped = true;
    synchronized (handling) {
      Generation last = current;
      current = null;
      closeQuietly(last);
    }
  }

  private static void closeQuietly(Generation generation) {
    if (generation != null) {
      closeQuietly(generation.getChannel());
    }
  }

  private static void closeQuietly(Channel channel) {
    try {
      if (channel.isOpen()) {
        channel.close();
      }
    } catch (IOException | TimeoutException | RuntimeException e) {
      log.debug("Closing a RabbitMQ channel failed; it is gone already", e);
    }
  }

  /** A consumer on one channel; it stops counting once RabbitMQ cancels it or its channel ends. */
  private final class Generation extends DefaultConsumer {
    private volatile boolean cancelled;

    Generation(Channel channel) {
      super(channel);
    }

    boolean isConsuming() {
      return !cancelled && getChannel().isOpen();
    }

    @Override
    public void handleCancel(String consumerTag) {
      cancelled = true;
      if (!stopped && this == current) {
        log.warn(
            "RabbitMQ cancelled the subscription to queue {} (the queue was deleted, or its node"
                + " left): declaring the queues again and subscribing again; to remove or change"
                + " the queue, stop the loaders first",
            settings.queue());
        lost.run();
      }
    }

    @Override
    public void handleShutdownSignal(String consumerTag, ShutdownSignalException signal) {
      cancelled = true;
      // A lost connection (a hard error) is recovered by the client, then the transport
      // subscribes again; a channel closed on its own is replaced here.
      if (!stopped && this == current && !signal.isHardError()) {
        log.warn(
            "RabbitMQ closed the channel of the subscription to queue {} ({}): subscribing again",
            settings.queue(),
            signal.getMessage());
        lost.run();
      }
    }

    @Override
    public void handleDelivery(
        String consumerTag, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
      synchronized (handling) {
        if (stopped || this != current) {
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
            retryHeaders.put(BrokerTransport.REASON_HEADER, retry.reason());
            republish(settings.retryQueue(retry.delay()), properties, retryHeaders, body);
          } else if (outcome instanceof Outcome.DeadLetter) {
            Map<String, Object> deadHeaders = new HashMap<>();
            deadHeaders.put(BrokerTransport.REASON_HEADER, ((Outcome.DeadLetter) outcome).reason());
            deadHeaders.put(
                BrokerTransport.ATTEMPTS_HEADER,
                Math.min(attempt, delivery.retryPolicy().maxAttempts()));
            deadHeaders.put(BrokerTransport.FAILED_AT_HEADER, Instant.now().toString());
            republish(settings.deadLetterQueue(), properties, deadHeaders, body);
          }
          getChannel().basicAck(tag, false);
        } catch (IOException | TimeoutException | RuntimeException e) {
          log.warn(
              "Cannot settle an event from RabbitMQ queue {}; requeueing it", settings.queue(), e);
          requeue(tag);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          requeue(tag);
        }
      }
    }

    /** Hands the event back; if the channel is gone, RabbitMQ has requeued it already. */
    private void requeue(long tag) {
      try {
        getChannel().basicNack(tag, false, true);
      } catch (IOException | RuntimeException e) {
        log.debug("Cannot requeue an event: its channel is closed, so RabbitMQ requeued it", e);
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

    private int number(Object header, int missing) {
      return header instanceof Number ? ((Number) header).intValue() : missing;
    }
  }
}
