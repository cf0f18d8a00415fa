package dev.binlake.api;

/**
 * Carries "Object Created" events from the file writer to loaders. Delivery is at least once: a
 * handler that throws gets the event again later (with backoff), until the transport gives up and
 * dead-letters it with the reason.
 */
public interface EventTransport extends AutoCloseable {
  void publish(ObjectCreated event);

  /** Delivers every later event matching {@code rule} to {@code handler}, on a transport thread. */
  Subscription subscribe(EventRule rule, EventHandler handler);

  /** Handles one event; throwing asks for redelivery. */
  @FunctionalInterface
  interface EventHandler {
    void handle(ObjectCreated event);
  }

  /** Stops a subscription's deliveries. */
  interface Subscription extends AutoCloseable {
    @Override
    void close();
  }

  @Override
  default void close() {}
}
