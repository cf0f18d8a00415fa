package dev.binlake.events.broker;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.binlake.api.BinlakeException;
import dev.binlake.api.EventTransport.EventHandler;
import dev.binlake.api.ObjectCreated;
import dev.binlake.events.ObjectCreatedJson;
import dev.binlake.events.RetryPolicy;
import dev.binlake.events.rules.EventPattern;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One subscription's handling of a broker message, the same for every broker: decode the
 * EventBridge JSON, match the pattern, call the handler and decide what the broker should do. A
 * message that is not an Object Created event is dead-lettered at once (retrying cannot help).
 */
public final class Delivery {
  private static final Logger log = LoggerFactory.getLogger(Delivery.class);
  private static final ObjectMapper mapper = new ObjectMapper();

  private final EventPattern pattern;
  private final EventHandler handler;
  private final RetryPolicy retryPolicy;

  public Delivery(EventPattern pattern, EventHandler handler, RetryPolicy retryPolicy) {
    this.pattern = requireNonNull(pattern, "pattern is null");
    this.handler = requireNonNull(handler, "handler is null");
    this.retryPolicy = requireNonNull(retryPolicy, "retryPolicy is null");
  }

  public RetryPolicy retryPolicy() {
    return retryPolicy;
  }

  /** Handles {@code body}, delivered for the {@code attempt}-th time (from 1). */
  public Outcome attempt(byte[] body, int attempt) {
    String json = new String(body, StandardCharsets.UTF_8);
    ObjectCreated event;
    try {
      JsonNode tree = mapper.readTree(json);
      if (tree == null || !pattern.matches(tree)) {
        log.debug("Dropping event that does not match {}: {}", pattern, json);
        return new Outcome.Skipped();
      }
      event = ObjectCreatedJson.read(json);
    } catch (JsonProcessingException | BinlakeException e) {
      return new Outcome.DeadLetter(reason(e));
    }
    if (attempt > retryPolicy.maxAttempts()) {
      // The consumer that had the last attempt died before acknowledging or retrying it.
      return new Outcome.DeadLetter(
          String.format(
              "delivered %d times without being acknowledged (the loader crashed or timed out)",
              attempt - 1));
    }
    try {
      handler.handle(event);
      return new Outcome.Handled();
    } catch (RuntimeException | Error failure) {
      if (failure instanceof VirtualMachineError) {
        throw (VirtualMachineError) failure;
      }
      String reason = reason(failure);
      if (attempt >= retryPolicy.maxAttempts()) {
        log.error(
            "Gave up on event for s3://{}/{} after {} attempts: {}",
            event.bucket(),
            event.key(),
            attempt,
            reason);
        return new Outcome.DeadLetter(reason);
      }
      log.warn(
          "Handling event for s3://{}/{} failed (attempt {} of {}), retrying in {} ms: {}",
          event.bucket(),
          event.key(),
          attempt,
          retryPolicy.maxAttempts(),
          retryPolicy.delayAfter(attempt).toMillis(),
          reason);
      return new Outcome.Retry(retryPolicy.delayAfter(attempt), reason);
    }
  }

  private static String reason(Throwable failure) {
    return failure.getMessage() != null ? failure.getMessage() : failure.getClass().getName();
  }
}
