package dev.binlake.api;

import static java.util.Objects.requireNonNull;

/**
 * Which events a subscriber gets, like an EventBridge rule pattern: exact source, detail-type and
 * bucket name, and a key prefix.
 */
public record EventRule(String source, String detailType, String bucket, String keyPrefix) {
  public EventRule {
    requireNonNull(source, "source is null");
    requireNonNull(detailType, "detailType is null");
    requireNonNull(bucket, "bucket is null");
    requireNonNull(keyPrefix, "keyPrefix is null");
  }

  /** The rule for "Object Created" events of one bucket under a key prefix. */
  public static EventRule objectCreated(String bucket, String keyPrefix) {
    return new EventRule(ObjectCreated.SOURCE, ObjectCreated.DETAIL_TYPE, bucket, keyPrefix);
  }

  public boolean matches(String eventSource, String eventDetailType, ObjectCreated event) {
    return source.equals(eventSource)
        && detailType.equals(eventDetailType)
        && bucket.equals(event.bucket())
        && event.key().startsWith(keyPrefix);
  }
}
