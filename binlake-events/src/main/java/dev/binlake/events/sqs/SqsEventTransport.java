package dev.binlake.events.sqs;

import static java.util.Objects.requireNonNull;

import dev.binlake.api.BinlakeException;
import dev.binlake.api.ErrorCode;
import dev.binlake.api.ObjectCreated;
import dev.binlake.events.ObjectCreatedJson;
import dev.binlake.events.broker.BrokerTransport;
import dev.binlake.events.broker.DeadLetterMessage;
import dev.binlake.events.broker.Delivery;
import dev.binlake.events.broker.OutageLog;
import dev.binlake.events.broker.Outcome;
import dev.binlake.events.rules.EventPattern;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.SqsClientBuilder;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

/**
 * Object Created events through Amazon SQS (or an SQS-compatible server), as a work queue several
 * loader processes share.
 *
 * <ul>
 *   <li>A received message is invisible to other loaders for the visibility timeout, which a
 *       running handler keeps extending; it is deleted after the handler returns, and becomes
 *       visible again (to any loader) if the process dies.
 *   <li>A failed attempt sets the message's visibility to the backoff delay (whole seconds); the
 *       attempt number is SQS's {@code ApproximateReceiveCount}.
 *   <li>After {@code maxAttempts} the transport sends the body to {@code <queue>-dead} with message
 *       attributes {@code binlake-reason}, {@code binlake-attempts} and {@code binlake-failed-at},
 *       then deletes it. The work queue's redrive policy ({@code maxReceiveCount = maxAttempts +
 *       1}) is the backstop for a message whose last holder crashed: SQS moves it to the same
 *       dead-letter queue, without a reason attribute.
 * </ul>
 *
 * <p>The queues are created if missing (CreateQueue is idempotent for equal attributes). A
 * subscription whose receive fails, the work queue deleted included, keeps trying every second
 * (logging the outage once, then once a minute) and takes events again once receiving works: a
 * deleted queue is not created again by a running subscription (on AWS it may carry a policy or a
 * name that cannot be reused for 60 s), but by the next loader or capture that starts.
 */
public final class SqsEventTransport implements BrokerTransport {
  private static final Logger log = LoggerFactory.getLogger(SqsEventTransport.class);
  private static final AtomicInteger threadNumber = new AtomicInteger();
  private static final int WAIT_SECONDS = 1;
  private static final Duration RETRY_PAUSE = Duration.ofSeconds(1);

  private final SqsSettings settings;
  private final SqsClient client;
  private final ObjectCreatedJson json;
  private volatile String queueUrl; // looked up again when the queue is gone: it may come back
  private final String deadLetterUrl;
  private final ScheduledExecutorService heartbeats;
  private final List<Receiver> receivers = new CopyOnWriteArrayList<>();

  /**
   * Uses {@code client} (built with the region, endpoint and credentials to use; closed by {@link
   * #close}) and creates the queues if missing.
   */
  public SqsEventTransport(SqsSettings settings, SqsClient client) {
    this(settings, client, new ObjectCreatedJson());
  }

  public SqsEventTransport(SqsSettings settings, SqsClient client, ObjectCreatedJson json) {
    this.settings = requireNonNull(settings, "settings is null");
    this.client = requireNonNull(client, "client is null");
    this.json = requireNonNull(json, "json is null");
    try {
      this.deadLetterUrl =
          client.createQueue(b -> b.queueName(settings.deadLetterQueue())).queueUrl();
      String deadLetterArn =
          client
              .getQueueAttributes(
                  b -> b.queueUrl(deadLetterUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
              .attributes()
              .get(QueueAttributeName.QUEUE_ARN);
      String redrive =
          String.format(
              Locale.ROOT,
              "{\"deadLetterTargetArn\":\"%s\",\"maxReceiveCount\":\"%d\"}",
              deadLetterArn,
              settings.retryPolicy().maxAttempts() + 1);
      this.queueUrl =
          client
              .createQueue(
                  b ->
                      b.queueName(settings.queue())
                          .attributes(
                              Map.of(
                                  QueueAttributeName.VISIBILITY_TIMEOUT,
                                  Long.toString(settings.visibilityTimeout().getSeconds()),
                                  QueueAttributeName.REDRIVE_POLICY,
                                  redrive)))
              .queueUrl();
    } catch (SdkException e) {
      throw failure(
          e,
          "create SQS queues %s and %s (a queue of that name may exist with other attributes:"
              + " delete it or choose another name)",
          settings.queue(),
          settings.deadLetterQueue());
    }
    this.heartbeats =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread thread =
                  new Thread(r, "binlake-sqs-heartbeat-" + threadNumber.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
  }

  /**
   * Builds the client from {@code settings} with the AWS SDK's default credentials chain
   * (environment, system properties, profile, container or instance role).
   */
  public static SqsEventTransport connect(SqsSettings settings) {
    SqsClientBuilder builder = SqsClient.builder().region(Region.of(settings.region()));
    settings.endpoint().ifPresent(builder::endpointOverride);
    return new SqsEventTransport(settings, builder.build());
  }

  public SqsSettings settings() {
    return settings;
  }

  @Override
  public void publish(ObjectCreated event) {
    requireNonNull(event, "event is null");
    try {
      client.sendMessage(b -> b.queueUrl(queueUrl).messageBody(json.write(event)));
    } catch (QueueDoesNotExistException e) {
      resolveQueueUrl(); // if it exists again under another URL, the next publish uses that
      throw new BinlakeException(
          ErrorCode.LOAD_FAILED,
          e,
          "Cannot publish event for %s: SQS queue %s does not exist (deleted? Starting a loader"
              + " or capture creates it again)",
          event.key(),
          settings.queue());
    } catch (SdkException e) {
      throw failure(e, "publish event for %s to SQS queue %s", event.key(), settings.queue());
    }
  }

  @Override
  public Subscription subscribe(EventPattern pattern, EventHandler handler) {
    Receiver receiver = new Receiver(new Delivery(pattern, handler, settings.retryPolicy()));
    receivers.add(receiver);
    receiver.thread.start();
    return receiver::close;
  }

  @Override
  public String deadLetterQueueName() {
    return settings.deadLetterQueue();
  }

  @Override
  public long deadLetterCount() {
    try {
      Map<QueueAttributeName, String> attributes =
          client
              .getQueueAttributes(
                  b ->
                      b.queueUrl(deadLetterUrl)
                          .attributeNames(
                              QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                              QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
              .attributes();
      return Long.parseLong(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
          + Long.parseLong(
              attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
    } catch (SdkException e) {
      throw failure(e, "count dead letters in SQS queue %s", settings.deadLetterQueue());
    }
  }

  /**
   * Receives dead letters with a visibility timeout of 0, so they stay visible; one receive call
   * returns at most 10, and SQS may return fewer than there are.
   */
  @Override
  public List<DeadLetterMessage> peekDeadLetters(int limit) {
    if (limit <= 0) {
      return List.of();
    }
    try {
      List<Message> received =
          client
              .receiveMessage(
                  b ->
                      b.queueUrl(deadLetterUrl)
                          .maxNumberOfMessages(Math.min(limit, 10))
                          .visibilityTimeout(0)
                          .waitTimeSeconds(0)
                          .messageAttributeNames("All"))
              .messages();
      List<DeadLetterMessage> messages = new java.util.ArrayList<>();
      for (Message message : received) {
        Map<String, MessageAttributeValue> attributes = message.messageAttributes();
        messages.add(
            DeadLetterMessage.of(
                message.body().getBytes(java.nio.charset.StandardCharsets.UTF_8),
                value(attributes.get(REASON_HEADER)),
                value(attributes.get(ATTEMPTS_HEADER)),
                value(attributes.get(FAILED_AT_HEADER))));
      }
      return messages;
    } catch (SdkException e) {
      throw failure(e, "read dead letters in SQS queue %s", settings.deadLetterQueue());
    }
  }

  private static String value(MessageAttributeValue attribute) {
    return attribute == null ? null : attribute.stringValue();
  }

  /** Stops subscriptions (a running handler finishes first) and closes the client. */
  @Override
  public void close() {
    for (Receiver receiver : receivers) {
      receiver.close();
    }
    heartbeats.shutdownNow();
    client.close();
  }

  /** Looks the work queue's URL up again, in case it was created again under another URL. */
  private void resolveQueueUrl() {
    try {
      queueUrl = client.getQueueUrl(b -> b.queueName(settings.queue())).queueUrl();
    } catch (SdkException e) {
      log.debug("SQS queue {} is still missing", settings.queue(), e);
    }
  }

  private static BinlakeException failure(Throwable e, String what, Object... args) {
    return new BinlakeException(
        ErrorCode.LOAD_FAILED,
        e,
        "Cannot %s: %s (check events.sqs.endpoint, events.sqs.region and the AWS credentials)",
        String.format(what, args),
        e.getMessage());
  }

  /** One subscription: a thread long-polling the work queue. */
  private final class Receiver implements Runnable {
    private final Delivery delivery;
    private final Thread thread;
    private final OutageLog outage =
        new OutageLog(log, "Receiving from SQS queue " + settings.queue() + " works");
    private volatile boolean stopped;

    Receiver(Delivery delivery) {
      this.delivery = delivery;
      this.thread = new Thread(this, "binlake-sqs-" + threadNumber.incrementAndGet());
      this.thread.setDaemon(true);
    }

    @Override
    public void run() {
      while (!stopped) {
        String url = queueUrl;
        List<Message> messages;
        try {
          messages =
              client
                  .receiveMessage(
                      b ->
                          b.queueUrl(url)
                              .maxNumberOfMessages(settings.prefetch())
                              .waitTimeSeconds(WAIT_SECONDS)
                              .messageSystemAttributeNames(
                                  MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT))
                  .messages();
          outage.succeeded();
        } catch (QueueDoesNotExistException e) {
          if (!stopped) {
            outage.failed(
                String.format(
                    "Cannot receive from SQS queue %s: it does not exist (deleted?); trying again"
                        + " every %d s until it exists (starting a loader creates it)",
                    settings.queue(), RETRY_PAUSE.toSeconds()),
                e);
            pause();
            resolveQueueUrl();
          }
          continue;
        } catch (SdkException e) {
          if (!stopped) {
            outage.failed(
                String.format(
                    "Cannot receive from SQS queue %s; trying again every %d s",
                    settings.queue(), RETRY_PAUSE.toSeconds()),
                e);
            pause(); // an endpoint that is away fails at once: no busy loop of failed calls
          }
          continue;
        }
        for (Message message : messages) {
          if (stopped) {
            setVisibility(message, 0); // not handled: let another loader have it now
          } else {
            handle(message);
          }
        }
      }
    }

    private void pause() {
      try {
        Thread.sleep(RETRY_PAUSE.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        stopped = true;
      }
    }

    private void handle(Message message) {
      int attempt =
          Integer.parseInt(
              message
                  .attributes()
                  .getOrDefault(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT, "1"));
      long every = Math.max(300, settings.visibilityTimeout().toMillis() / 3);
      int extendTo = (int) settings.visibilityTimeout().getSeconds();
      ScheduledFuture<?> heartbeat =
          heartbeats.scheduleAtFixedRate(
              () -> setVisibility(message, extendTo), every, every, TimeUnit.MILLISECONDS);
      Outcome outcome;
      try {
        outcome = delivery.attempt(message.body().getBytes(StandardCharsets.UTF_8), attempt);
      } finally {
        heartbeat.cancel(false);
      }
      try {
        if (outcome instanceof Outcome.Retry) {
          setVisibility(message, SqsSettings.seconds(((Outcome.Retry) outcome).delay()));
          return;
        }
        if (outcome instanceof Outcome.DeadLetter) {
          deadLetter(message, ((Outcome.DeadLetter) outcome).reason(), attempt);
        }
        client.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
      } catch (SdkException e) {
        log.warn(
            "Cannot settle SQS message; it comes back after {}", settings.visibilityTimeout(), e);
      }
    }

    private void deadLetter(Message message, String reason, int attempt) {
      String attempts = Integer.toString(Math.min(attempt, delivery.retryPolicy().maxAttempts()));
      client.sendMessage(
          b ->
              b.queueUrl(deadLetterUrl)
                  .messageBody(message.body())
                  .messageAttributes(
                      Map.of(
                          REASON_HEADER, text(reason.isEmpty() ? "(no message)" : reason),
                          ATTEMPTS_HEADER,
                              MessageAttributeValue.builder()
                                  .dataType("Number")
                                  .stringValue(attempts)
                                  .build(),
                          FAILED_AT_HEADER, text(Instant.now().toString()))));
    }

    private void setVisibility(Message message, int seconds) {
      try {
        client.changeMessageVisibility(
            b ->
                b.queueUrl(queueUrl)
                    .receiptHandle(message.receiptHandle())
                    .visibilityTimeout(seconds));
      } catch (SdkException e) {
        log.warn("Cannot change the visibility of an SQS message in {}", settings.queue(), e);
      }
    }

    void close() {
      stopped = true;
      receivers.remove(this);
      if (Thread.currentThread() != thread) {
        try {
          thread.join(TimeUnit.SECONDS.toMillis(60));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }

  private static MessageAttributeValue text(String value) {
    return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
  }
}
