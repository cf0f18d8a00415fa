package dev.binlake.api;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * Amazon EventBridge's "Object Created" event for one stored object (source {@code aws.s3},
 * detail-type {@code Object Created}); the events module reads and writes its JSON shape.
 */
public record ObjectCreated(
    String id,
    Instant time,
    String region,
    String bucket,
    String key,
    long size,
    String etag,
    String sequencer,
    String reason) {
  public static final String SOURCE = "aws.s3";
  public static final String DETAIL_TYPE = "Object Created";

  public ObjectCreated {
    requireNonNull(id, "id is null");
    requireNonNull(time, "time is null");
    requireNonNull(region, "region is null");
    requireNonNull(bucket, "bucket is null");
    requireNonNull(key, "key is null");
    requireNonNull(etag, "etag is null");
    requireNonNull(sequencer, "sequencer is null");
    requireNonNull(reason, "reason is null");
  }
}
