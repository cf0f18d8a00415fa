package dev.binlake.events.broker;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * One message in a broker's dead-letter queue, as {@code binlake status} shows it: the object key
 * of its event, the last failure's message and, when the broker kept them, the attempts and when
 * the transport gave up (ISO-8601).
 */
public record DeadLetterMessage(
    String objectKey, String reason, Optional<Integer> attempts, Optional<String> failedAt) {
  /** The reason of a message a broker moved by itself (SQS's redrive policy), without one. */
  public static final String NO_REASON = "(no reason recorded: moved by the broker)";

  public DeadLetterMessage {
    requireNonNull(objectKey, "objectKey is null");
    requireNonNull(reason, "reason is null");
    requireNonNull(attempts, "attempts is null");
    requireNonNull(failedAt, "failedAt is null");
  }

  /** The key of an event body, or a placeholder when the body is not an Object Created event. */
  static String objectKey(byte[] body) {
    try {
      return dev.binlake.events.ObjectCreatedJson.read(
              new String(body, java.nio.charset.StandardCharsets.UTF_8))
          .key();
    } catch (RuntimeException e) {
      return "(not an Object Created event)";
    }
  }

  static Optional<Integer> number(Object value) {
    if (value == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(Integer.parseInt(value.toString().strip()));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  static Optional<String> text(Object value) {
    return value == null ? Optional.empty() : Optional.of(value.toString());
  }

  /** A message from the broker's parts: body and header values (any of them may be null). */
  public static DeadLetterMessage of(byte[] body, Object reason, Object attempts, Object failedAt) {
    return new DeadLetterMessage(
        objectKey(body),
        reason == null ? NO_REASON : reason.toString(),
        number(attempts),
        text(failedAt));
  }
}
