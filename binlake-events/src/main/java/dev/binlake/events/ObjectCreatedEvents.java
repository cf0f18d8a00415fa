package dev.binlake.events;

import static java.util.Objects.requireNonNull;

import dev.binlake.api.ObjectCreated;
import dev.binlake.api.StoredObject;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Makes the "Object Created" event S3 would send for a stored object: a random id, the current time
 * in whole seconds, reason {@code PutObject}, and a sequencer that grows with every event of this
 * JVM (16 hex digits, so later events compare greater as strings too, like S3's for one key).
 */
public final class ObjectCreatedEvents {
  private static final AtomicLong lastSequence = new AtomicLong();

  private ObjectCreatedEvents() {}

  public static ObjectCreated forPut(String bucket, StoredObject object, String region) {
    return forPut(bucket, object, region, Clock.systemUTC());
  }

  public static ObjectCreated forPut(
      String bucket, StoredObject object, String region, Clock clock) {
    requireNonNull(object, "object is null");
    return new ObjectCreated(
        UUID.randomUUID().toString(),
        clock.instant().truncatedTo(ChronoUnit.SECONDS),
        region,
        bucket,
        object.key(),
        object.size(),
        object.etag(),
        nextSequencer(clock),
        "PutObject");
  }

  static String nextSequencer(Clock clock) {
    long micros = ChronoUnit.MICROS.between(java.time.Instant.EPOCH, clock.instant());
    long next = lastSequence.updateAndGet(last -> Math.max(last + 1, micros));
    return String.format(Locale.ROOT, "%016X", next);
  }
}
