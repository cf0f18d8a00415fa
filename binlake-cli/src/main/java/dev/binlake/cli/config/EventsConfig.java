package dev.binlake.cli.config;

import static dev.binlake.cli.config.ConfigOption.optional;
import static java.util.Objects.requireNonNull;

import dev.binlake.events.rules.ObjectRule;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

/**
 * How "Object Created" events travel from capture to loaders ({@code events.*}): in the process
 * (default) or through a broker that several {@code binlake load} processes share as a work queue.
 */
public record EventsConfig(
    Type type,
    int maxAttempts,
    Duration retryBaseDelay,
    Duration retryMaxDelay,
    int prefetch,
    Secret rabbitMqUri,
    String rabbitMqQueue,
    String natsUrl,
    String natsStream,
    String natsSubject,
    String natsConsumer,
    Duration natsAckWait,
    String sqsQueue,
    String sqsRegion,
    String sqsEndpoint,
    Duration sqsVisibilityTimeout,
    ObjectRule rule) {

  /** The transport. */
  public enum Type {
    IN_PROCESS,
    RABBITMQ,
    NATS,
    SQS
  }

  static final ConfigOption<Type> TYPE =
      optional(
          "events.type",
          ValueType.choice(Type.class, EnumSet.allOf(Type.class)),
          "in-process",
          "Event transport: in-process (capture and loader in one process), rabbitmq, nats (JetStream)"
              + " or sqs. With a broker, several `binlake load` processes share one queue.");
  static final ConfigOption<Integer> MAX_ATTEMPTS =
      optional(
          "events.max-attempts",
          ValueType.integer(1, 1000),
          "8",
          "Deliveries of one event before it goes to the dead-letter queue with the reason.");
  static final ConfigOption<Duration> BASE_DELAY =
      optional(
          "events.retry-base-delay",
          ValueType.duration(Duration.ofMillis(1)),
          "100ms",
          "Backoff before the first redelivery of a failed event; it doubles per attempt.");
  static final ConfigOption<Duration> MAX_DELAY =
      optional(
          "events.retry-max-delay",
          ValueType.duration(Duration.ofMillis(1)),
          "10s",
          "Longest backoff between redeliveries.");
  static final ConfigOption<Integer> PREFETCH =
      optional(
          "events.prefetch",
          ValueType.integer(0, 10_000),
          "0",
          "Events a loader takes from the broker at once; 0 picks the transport's default.");
  static final ConfigOption<Secret> RABBITMQ_URI =
      optional(
          "events.rabbitmq.uri",
          ValueType.secret(),
          "amqp://guest:guest@127.0.0.1:5672/%2F",
          "AMQP URI of the RabbitMQ broker (it may hold a password: use ${env:NAME}).");
  static final ConfigOption<String> RABBITMQ_QUEUE =
      optional(
          "events.rabbitmq.queue",
          ValueType.text(),
          "binlake.object-created",
          "Work queue name; retry queues and the dead-letter queue (<queue>.dead) derive from it.");
  static final ConfigOption<String> NATS_URL =
      optional(
          "events.nats.url",
          ValueType.text(),
          "nats://127.0.0.1:4222",
          "URL of the NATS server with JetStream.");
  static final ConfigOption<String> NATS_STREAM =
      optional(
          "events.nats.stream",
          ValueType.text(),
          "BINLAKE_EVENTS",
          "JetStream stream (work-queue retention).");
  static final ConfigOption<String> NATS_SUBJECT =
      optional(
          "events.nats.subject",
          ValueType.text(),
          "binlake.object-created",
          "Subject events are published on; dead letters go to <subject>.dead.");
  static final ConfigOption<String> NATS_CONSUMER =
      optional(
          "events.nats.consumer",
          ValueType.text(),
          "binlake-loader",
          "Durable pull consumer shared by all loaders.");
  static final ConfigOption<Duration> NATS_ACK_WAIT =
      optional(
          "events.nats.ack-wait",
          ValueType.duration(Duration.ofSeconds(1)),
          "30s",
          "How long a loader may hold an event before JetStream redelivers it.");
  static final ConfigOption<String> SQS_QUEUE =
      optional(
          "events.sqs.queue",
          ValueType.optionalText(),
          "\"\"",
          "SQS queue name (required with events.type sqs); <queue>-dead is the dead-letter"
              + " queue.");
  static final ConfigOption<String> SQS_REGION =
      optional("events.sqs.region", ValueType.text(), "us-east-1", "AWS region of the queue.");
  static final ConfigOption<String> SQS_ENDPOINT =
      optional(
          "events.sqs.endpoint",
          ValueType.optionalText(),
          "\"\"",
          "SQS endpoint URL for SQS-compatible servers; empty for AWS.");
  static final ConfigOption<Duration> SQS_VISIBILITY =
      optional(
          "events.sqs.visibility-timeout",
          ValueType.duration(Duration.ofSeconds(1)),
          "60s",
          "How long a received event stays invisible to other loaders while one handles it.");
  static final ConfigOption<ObjectRule> RULE =
      optional(
          "events.rule",
          new EventRuleType(),
          "{}",
          "EventBridge event pattern a loader's events and listed files must also match, on"
              + " source, detail-type, detail.bucket.name, detail.object.key or detail.object.size"
              + " with exact values, prefix, suffix, exists and anything-but (e.g. {detail: {object:"
              + " {key: [{prefix: cdc/shop/}]}}}); it narrows what a loader loads. {} takes"
              + " everything under the storage prefix.");

  static final List<ConfigOption<?>> OPTIONS =
      List.of(
          TYPE,
          MAX_ATTEMPTS,
          BASE_DELAY,
          MAX_DELAY,
          PREFETCH,
          RABBITMQ_URI,
          RABBITMQ_QUEUE,
          NATS_URL,
          NATS_STREAM,
          NATS_SUBJECT,
          NATS_CONSUMER,
          NATS_ACK_WAIT,
          SQS_QUEUE,
          SQS_REGION,
          SQS_ENDPOINT,
          SQS_VISIBILITY,
          RULE);

  public EventsConfig {
    requireNonNull(type, "type is null");
    requireNonNull(rabbitMqUri, "rabbitMqUri is null");
    requireNonNull(rule, "rule is null");
  }

  static EventsConfig from(OptionValues values) {
    return new EventsConfig(
        values.get(TYPE),
        values.get(MAX_ATTEMPTS),
        values.get(BASE_DELAY),
        values.get(MAX_DELAY),
        values.get(PREFETCH),
        values.get(RABBITMQ_URI),
        values.get(RABBITMQ_QUEUE),
        values.get(NATS_URL),
        values.get(NATS_STREAM),
        values.get(NATS_SUBJECT),
        values.get(NATS_CONSUMER),
        values.get(NATS_ACK_WAIT),
        values.get(SQS_QUEUE),
        values.get(SQS_REGION),
        values.get(SQS_ENDPOINT),
        values.get(SQS_VISIBILITY),
        values.get(RULE));
  }

  /** Problems that need more than one key: options required only for one transport. */
  List<Map.Entry<String, String>> crossChecks() {
    List<Map.Entry<String, String>> problems = new ArrayList<>();
    if (type == Type.SQS && sqsQueue.isBlank()) {
      problems.add(Map.entry(SQS_QUEUE.key(), "is required when events.type is sqs"));
    }
    return problems;
  }

  List<Map.Entry<String, String>> settings() {
    List<Map.Entry<String, String>> settings =
        new ArrayList<>(
            List.of(
                TYPE.show(type),
                MAX_ATTEMPTS.show(maxAttempts),
                BASE_DELAY.show(retryBaseDelay),
                MAX_DELAY.show(retryMaxDelay)));
    if (rule.isRestrictive()) {
      settings.add(RULE.show(rule));
    }
    switch (type) {
      case RABBITMQ -> {
        settings.add(RABBITMQ_URI.show(rabbitMqUri));
        settings.add(RABBITMQ_QUEUE.show(rabbitMqQueue));
      }
      case NATS -> {
        settings.add(NATS_URL.show(natsUrl));
        settings.add(NATS_STREAM.show(natsStream));
        settings.add(NATS_SUBJECT.show(natsSubject));
        settings.add(NATS_CONSUMER.show(natsConsumer));
      }
      case SQS -> {
        settings.add(SQS_QUEUE.show(sqsQueue));
        settings.add(SQS_REGION.show(sqsRegion));
        settings.add(SQS_ENDPOINT.show(sqsEndpoint));
      }
      default -> {}
    }
    return settings;
  }
}
