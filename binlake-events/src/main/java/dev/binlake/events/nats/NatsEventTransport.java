package dev.binlake.events.nats;

import static java.util.Objects.requireNonNull;

import dev.binlake.api.BinlakeException;
import dev.binlake.api.ErrorCode;
import dev.binlake.api.ObjectCreated;
import dev.binlake.events.ObjectCreatedJson;
import dev.binlake.events.broker.BrokerTransport;
import dev.binlake.events.broker.DeadLetterMessage;
import dev.binlake.events.broker.Delivery;
import dev.binlake.events.broker.Outcome;
import dev.binlake.events.rules.EventPattern;
import io.nats.client.Connection;
import io.nats.client.ConsumerContext;
import io.nats.client.FetchConsumeOptions;
import io.nats.client.FetchConsumer;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamStatusCheckedException;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.PublishOptions;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.RetentionPolicy;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Object Created events through NATS JetStream, as a work queue several loader processes share.
 *
 * <ul>
 *   <li>A file-backed stream with work-queue retention holds the subject: an acknowledged event is
 *       removed, and each event goes to one puller of the one durable pull consumer every loader
 *       shares.
 *   <li>{@link #publish} returns after JetStream stored the event (publish acknowledgement); the
 *       event id is the message id, so a publish repeated within the stream's duplicate window (2
 *       minutes) is stored once.
 *   <li>An event is acked after its handler returns; while a handler runs its ack deadline is
 *       extended ({@code inProgress}); if the process dies, JetStream redelivers it after {@code
 *       ackWait}.
 *   <li>A failed attempt is nak'ed with the backoff delay; the attempt number is JetStream's
 *       delivery count. After {@code maxAttempts} the event is published to {@code <subject>.dead}
 *       (stream {@code <stream>_DEAD}) with the reason in headers, then acked. The consumer's own
 *       max-deliver is unlimited, so an event whose last holder crashed is dead-lettered on its
 *       next delivery rather than left behind silently.
 * </ul>
 */
public final class NatsEventTransport implements BrokerTransport {
  private static final Logger log = LoggerFactory.getLogger(NatsEventTransport.class);
  private static final AtomicInteger threadNumber = new AtomicInteger();
  private static final Duration POLL = Duration.ofSeconds(1); // JetStream's shortest fetch
  private static final Duration ACK_TIMEOUT = Duration.ofSeconds(10);

  private final NatsSettings settings;
  private final ObjectCreatedJson json;
  private final Connection connection;
  private final JetStream jetStream;
  private final JetStreamManagement management;
  private final ScheduledExecutorService heartbeats;
  private final List<Puller> pullers = new CopyOnWriteArrayList<>();

  /** Connects and creates the streams and consumer if missing (several processes may race). */
  public NatsEventTransport(NatsSettings settings) {
    this(settings, new ObjectCreatedJson());
  }

  public NatsEventTransport(NatsSettings settings, ObjectCreatedJson json) {
    this.settings = requireNonNull(settings, "settings is null");
    this.json = requireNonNull(json, "json is null");
    try {
      this.connection =
          Nats.connect(
              new Options.Builder()
                  .server(settings.url())
                  .connectionName("binlake " + settings.stream())
                  .build());
    } catch (IOException e) {
      throw failure(e, "connect to NATS at %s", settings.url());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw failure(e, "connect to NATS at %s", settings.url());
    }
    try {
      this.jetStream = connection.jetStream();
      this.management = connection.jetStreamManagement();
      declare();
    } catch (IOException | JetStreamApiException | RuntimeException e) {
      closeConnection();
      throw e instanceof BinlakeException
          ? (BinlakeException) e
          : failure(e, "create JetStream stream %s", settings.stream());
    }
    this.heartbeats =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread thread =
                  new Thread(r, "binlake-nats-heartbeat-" + threadNumber.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
  }

  public NatsSettings settings() {
    return settings;
  }

  @Override
  public void publish(ObjectCreated event) {
    requireNonNull(event, "event is null");
    try {
      jetStream.publish(
          NatsMessage.builder()
              .subject(settings.subject())
              .data(json.write(event).getBytes(StandardCharsets.UTF_8))
              .build(),
          PublishOptions.builder().messageId(event.id()).build());
    } catch (IOException | JetStreamApiException e) {
      throw failure(e, "publish event for %s to NATS subject %s", event.key(), settings.subject());
    }
  }

  @Override
  public Subscription subscribe(EventPattern pattern, EventHandler handler) {
    Delivery delivery = new Delivery(pattern, handler, settings.retryPolicy());
    try {
      ConsumerContext context =
          connection.getStreamContext(settings.stream()).getConsumerContext(settings.consumer());
      Puller puller = new Puller(context, delivery);
      pullers.add(puller);
      puller.thread.start();
      return puller::close;
    } catch (IOException | JetStreamApiException e) {
      throw failure(e, "subscribe to JetStream consumer %s", settings.consumer());
    }
  }

  @Override
  public String deadLetterQueueName() {
    return settings.deadLetterStream();
  }

  @Override
  public long deadLetterCount() {
    try {
      return management.getStreamInfo(settings.deadLetterStream()).getStreamState().getMsgCount();
    } catch (IOException | JetStreamApiException e) {
      throw failure(e, "count dead letters in stream %s", settings.deadLetterStream());
    }
  }

  /** Reads the dead-letter stream's last messages by sequence; nothing is consumed. */
  @Override
  public List<DeadLetterMessage> peekDeadLetters(int limit) {
    List<DeadLetterMessage> messages = new java.util.ArrayList<>();
    try {
      io.nats.client.api.StreamState state =
          management.getStreamInfo(settings.deadLetterStream()).getStreamState();
      if (state.getMsgCount() == 0) {
        return messages;
      }
      for (long seq = state.getLastSequence();
          seq >= state.getFirstSequence() && messages.size() < limit;
          seq--) {
        io.nats.client.api.MessageInfo info;
        try {
          info = management.getMessage(settings.deadLetterStream(), seq);
        } catch (JetStreamApiException e) {
          continue; // deleted from the stream
        }
        Headers headers = info.getHeaders() == null ? new Headers() : info.getHeaders();
        messages.add(
            DeadLetterMessage.of(
                info.getData() == null ? new byte[0] : info.getData(),
                headers.getFirst(REASON_HEADER),
                headers.getFirst(ATTEMPTS_HEADER),
                headers.getFirst(FAILED_AT_HEADER)));
      }
    } catch (IOException | JetStreamApiException e) {
      throw failure(e, "read dead letters in stream %s", settings.deadLetterStream());
    }
    return messages;
  }

  /** Stops subscriptions (a running handler finishes first) and closes the connection. */
  @Override
  public void close() {
    for (Puller puller : pullers) {
      puller.close();
    }
    heartbeats.shutdownNow();
    closeConnection();
  }

  private void declare() throws IOException, JetStreamApiException {
    addStream(
        StreamConfiguration.builder()
            .name(settings.stream())
            .subjects(settings.subject())
            .retentionPolicy(RetentionPolicy.WorkQueue)
            .storageType(StorageType.File)
            .build());
    addStream(
        StreamConfiguration.builder()
            .name(settings.deadLetterStream())
            .subjects(settings.deadLetterSubject())
            .retentionPolicy(RetentionPolicy.Limits)
            .storageType(StorageType.File)
            .build());
    management.addOrUpdateConsumer(
        settings.stream(),
        ConsumerConfiguration.builder()
            .durable(settings.consumer())
            .filterSubject(settings.subject())
            .ackPolicy(AckPolicy.Explicit)
            .ackWait(settings.ackWait())
            .maxDeliver(-1)
            .build());
  }

  private void addStream(StreamConfiguration stream) throws IOException {
    try {
      management.addStream(stream);
    } catch (JetStreamApiException e) {
      throw failure(
          e,
          "create JetStream stream %s for %s (a stream of that name may exist with another"
              + " configuration, or another stream may hold the subject: delete it or choose other"
              + " names)",
          stream.getName(),
          stream.getSubjects());
    }
  }

  private void closeConnection() {
    try {
      connection.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static BinlakeException failure(Throwable e, String what, Object... args) {
    return new BinlakeException(
        ErrorCode.LOAD_FAILED,
        e,
        "Cannot %s: %s (check that nats-server runs with JetStream (-js) and events.nats.url is"
            + " right)",
        String.format(what, args),
        e.getMessage());
  }

  /**
   * One subscription: a thread pulling from the shared durable consumer, at most {@code prefetch}
   * events at a time and the next batch only after this one is handled, so no event waits here
   * beyond the prefetch (a waiting event's {@code ackWait} runs, and it would be redelivered to
   * another loader while still held here).
   */
  private final class Puller implements Runnable {
    private final ConsumerContext context;
    private final Delivery delivery;
    private final Thread thread;
    private volatile boolean stopped;

    Puller(ConsumerContext context, Delivery delivery) {
      this.context = context;
      this.delivery = delivery;
      this.thread = new Thread(this, "binlake-nats-" + threadNumber.incrementAndGet());
      this.thread.setDaemon(true);
    }

    @Override
    public void run() {
      try {
        while (!stopped) {
          try {
            pullOnce();
          } catch (IOException
              | JetStreamApiException
              | JetStreamStatusCheckedException
              | RuntimeException e) {
            if (stopped) {
              return;
            }
            // A server away or restarting: the connection reconnects on its own; pull again
            // rather than let this subscription stop taking events.
            log.warn(
                "Pulling events from JetStream consumer {} failed; retrying in {}",
                settings.consumer(),
                POLL,
                e);
            Thread.sleep(POLL.toMillis());
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    /** One fetch of up to {@code prefetch} events, each handled before the next is taken. */
    private void pullOnce()
        throws IOException,
            JetStreamApiException,
            JetStreamStatusCheckedException,
            InterruptedException {
      FetchConsumer batch =
          context.fetch(
              FetchConsumeOptions.builder()
                  .maxMessages(settings.prefetch())
                  .expiresIn(POLL.toMillis())
                  .build());
      Message message;
      while ((message = batch.nextMessage()) != null) {
        if (!message.isJetStream()) {
          continue;
        }
        if (stopped) {
          message.nak(); // pulled but not handled: let another loader have it now
        } else {
          handle(message);
        }
      }
    }

    private void handle(Message message) {
      int attempt = (int) Math.min(Integer.MAX_VALUE, message.metaData().deliveredCount());
      long every = Math.max(200, settings.ackWait().toMillis() / 3);
      ScheduledFuture<?> heartbeat =
          heartbeats.scheduleAtFixedRate(message::inProgress, every, every, TimeUnit.MILLISECONDS);
      Outcome outcome;
      try {
        outcome = delivery.attempt(message.getData(), attempt);
      } finally {
        heartbeat.cancel(false);
      }
      try {
        if (outcome instanceof Outcome.Retry) {
          message.nakWithDelay(((Outcome.Retry) outcome).delay());
          return;
        }
        if (outcome instanceof Outcome.DeadLetter) {
          deadLetter(message, ((Outcome.DeadLetter) outcome).reason(), attempt);
        }
        message.ackSync(ACK_TIMEOUT);
      } catch (IOException | JetStreamApiException | TimeoutException | RuntimeException e) {
        log.warn("Cannot settle JetStream message; it comes back after {}", settings.ackWait(), e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    private void deadLetter(Message message, String reason, int attempt)
        throws IOException, JetStreamApiException {
      Headers headers = new Headers();
      headers.put(REASON_HEADER, reason.replace('\r', ' ').replace('\n', ' '));
      headers.put(
          ATTEMPTS_HEADER,
          Integer.toString(Math.min(attempt, delivery.retryPolicy().maxAttempts())));
      headers.put(FAILED_AT_HEADER, Instant.now().toString());
      jetStream.publish(
          NatsMessage.builder()
              .subject(settings.deadLetterSubject())
              .headers(headers)
              .data(message.getData())
              .build());
    }

    void close() {
      stopped = true;
      pullers.remove(this);
      if (Thread.currentThread() != thread) {
        try {
          thread.join(TimeUnit.SECONDS.toMillis(60));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }
}
