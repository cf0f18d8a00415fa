package dev.binlake.capture.sink;

import dev.binlake.api.EventRule;
import dev.binlake.api.EventTransport;
import dev.binlake.api.ObjectCreated;

/** Events go nowhere: tests that use it read the store. */
final class NoEvents implements EventTransport {
  @Override
  public void publish(ObjectCreated event) {}

  @Override
  public Subscription subscribe(EventRule rule, EventHandler handler) {
    return () -> {};
  }
}
