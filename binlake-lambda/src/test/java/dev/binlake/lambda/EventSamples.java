package dev.binlake.lambda;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * AWS's documented sample events (src/test/resources/events) with bucket, key and size filled in,
 * as the map Lambda's runtime hands to the handler. S3 notifications URL-encode the key.
 */
final class EventSamples {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private EventSamples() {}

  static String eventBridgeJson(String bucket, String key, long size) {
    return fill("eventbridge-object-created.json", bucket, key, size);
  }

  static Map<String, Object> eventBridge(String bucket, String key, long size) {
    return parse(eventBridgeJson(bucket, key, size));
  }

  static Map<String, Object> s3Notification(String bucket, String key, long size) {
    return parse(
        fill(
            "s3-notification-put.json",
            bucket,
            URLEncoder.encode(key, StandardCharsets.UTF_8).replace("%2F", "/"),
            size));
  }

  static Map<String, Object> s3TestEvent(String bucket) {
    return parse(fill("s3-test-event.json", bucket, "", 0));
  }

  static Map<String, Object> parse(String json) {
    try {
      return MAPPER.readValue(json, new TypeReference<Map<String, Object>>() {});
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String fill(String resource, String bucket, String key, long size) {
    try (InputStream in = EventSamples.class.getResourceAsStream("/events/" + resource)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8)
          .replace("{{bucket}}", bucket)
          .replace("{{key}}", key)
          .replace("{{size}}", Long.toString(size));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
