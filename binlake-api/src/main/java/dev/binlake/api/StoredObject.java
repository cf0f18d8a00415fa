package dev.binlake.api;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/** An object as the store lists it. */
public record StoredObject(String key, long size, String etag, Instant lastModified) {
  public StoredObject {
    requireNonNull(key, "key is null");
    requireNonNull(etag, "etag is null");
    requireNonNull(lastModified, "lastModified is null");
  }
}
