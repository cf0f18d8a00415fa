package dev.binlake.events.broker;

import dev.binlake.api.EventRule;
import dev.binlake.api.EventTransport;
import dev.binlake.events.rules.EventPattern;

/**
 * An {@link EventTransport} over a message broker, shared by several loader processes as a work
 * queue: each event goes to one subscription of one process, is acknowledged only after its handler
 * returns, and comes back (to any process) if the handler throws or the process dies. A handler
 * that keeps throwing gets the event {@code maxAttempts} times with backoff, then the event goes to
 * the transport's dead-letter queue with the headers below.
 *
 * <p>Every subscription of every process sharing a queue should use the same pattern: an event that
 * does not match the pattern of the subscription that receives it is acknowledged and dropped (the
 * queue is the rule's target, as with an EventBridge rule).
 */
public interface BrokerTransport extends EventTransport {
  /** Dead-letter header: the last failure's message. */
  String REASON_HEADER = "binlake-reason";

  /** Dead-letter header: how many times the event was delivered. */
  String ATTEMPTS_HEADER = "binlake-attempts";

  /** Dead-letter header: when the transport gave up, ISO-8601. */
  String FAILED_AT_HEADER = "binlake-failed-at";

  /** Delivers every event matching {@code pattern} to {@code handler}, on a transport thread. */
  Subscription subscribe(EventPattern pattern, EventHandler handler);

  @Override
  default Subscription subscribe(EventRule rule, EventHandler handler) {
    return subscribe(EventPattern.of(rule), handler);
  }

  /** The dead-letter queue (or JetStream stream) as the broker names it. */
  String deadLetterQueueName();

  /** Events now in the dead-letter queue (for {@code binlake status}). */
  long deadLetterCount();

  /**
   * Up to {@code limit} messages of the dead-letter queue with their reasons, left in the queue:
   * RabbitMQ's oldest first, JetStream's newest first, SQS's in no particular order.
   */
  java.util.List<DeadLetterMessage> peekDeadLetters(int limit);
}
