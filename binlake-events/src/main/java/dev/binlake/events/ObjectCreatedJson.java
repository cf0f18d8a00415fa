package dev.binlake.events;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.binlake.api.BinlakeException;
import dev.binlake.api.ErrorCode;
import dev.binlake.api.ObjectCreated;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/**
 * Amazon EventBridge's "Object Created" JSON, field for field as S3 sends it:
 *
 * <pre>{@code
 * {"version":"0","id":"…","detail-type":"Object Created","source":"aws.s3","account":"…",
 *  "time":"2024-05-01T12:00:00Z","region":"…","resources":["arn:aws:s3:::bucket"],
 *  "detail":{"version":"0","bucket":{"name":"bucket"},
 *            "object":{"key":"…","size":5,"etag":"…","sequencer":"…"},
 *            "request-id":"…","requester":"…","reason":"PutObject"}}
 * }</pre>
 *
 * <p>Writing fills the fields {@link ObjectCreated} does not carry ({@code account}, {@code
 * requester}, {@code request-id}) from this writer's settings and the event id; {@code time} is
 * written in whole seconds, as EventBridge does. Keys are written as they are (EventBridge does not
 * URL-encode them). Reading ignores unknown fields and fails with {@link ErrorCode#LOAD_FAILED}
 * naming the first missing or malformed required field.
 */
public final class ObjectCreatedJson {
  /** The account id written when none is configured: twelve zeros, like LocalStack. */
  public static final String DEFAULT_ACCOUNT = "000000000000";

  private static final ObjectMapper mapper = new ObjectMapper();

  private final String account;
  private final String requester;

  /** A writer for {@code account} (the bucket owner's 12-digit id) and {@code requester}. */
  public ObjectCreatedJson(String account, String requester) {
    this.account = requireNonNull(account, "account is null");
    this.requester = requireNonNull(requester, "requester is null");
  }

  /** Account {@value #DEFAULT_ACCOUNT}, requester the same account (as for S3 PutObject). */
  public ObjectCreatedJson() {
    this(DEFAULT_ACCOUNT, DEFAULT_ACCOUNT);
  }

  public String write(ObjectCreated event) {
    ObjectNode root = mapper.createObjectNode();
    root.put("version", "0");
    root.put("id", event.id());
    root.put("detail-type", ObjectCreated.DETAIL_TYPE);
    root.put("source", ObjectCreated.SOURCE);
    root.put("account", account);
    root.put("time", event.time().truncatedTo(ChronoUnit.SECONDS).toString());
    root.put("region", event.region());
    root.putArray("resources").add("arn:aws:s3:::" + event.bucket());
    ObjectNode detail = root.putObject("detail");
    detail.put("version", "0");
    detail.putObject("bucket").put("name", event.bucket());
    ObjectNode object = detail.putObject("object");
    object.put("key", event.key());
    object.put("size", event.size());
    object.put("etag", event.etag());
    object.put("sequencer", event.sequencer());
    detail.put("request-id", requestId(event.id()));
    detail.put("requester", requester);
    detail.put("reason", event.reason());
    try {
      return mapper.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new BinlakeException(
          ErrorCode.INTERNAL, e, "Cannot write event %s as JSON: %s", event.id(), e.getMessage());
    }
  }

  /** Reads one event; see the class comment for what is required. */
  public static ObjectCreated read(String json) {
    requireNonNull(json, "json is null");
    try {
      return fromTree(mapper.readTree(json));
    } catch (JsonProcessingException e) {
      throw invalid("it is not JSON: " + e.getOriginalMessage());
    }
  }

  /** Reads one event from a UTF-8 stream (a Lambda handler's input), without closing it. */
  public static ObjectCreated read(InputStream json) {
    requireNonNull(json, "json is null");
    try {
      return read(new String(json.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new BinlakeException(
          ErrorCode.LOAD_FAILED, e, "Cannot read Object Created event: %s", e.getMessage());
    }
  }

  private static ObjectCreated fromTree(JsonNode root) {
    if (root == null || !root.isObject()) {
      throw invalid("it is not a JSON object");
    }
    String source = text(root, "source");
    String detailType = text(root, "detail-type");
    if (!ObjectCreated.SOURCE.equals(source) || !ObjectCreated.DETAIL_TYPE.equals(detailType)) {
      throw invalid(
          String.format(
              Locale.ROOT,
              "it has source '%s' and detail-type '%s', not '%s' and '%s'",
              source,
              detailType,
              ObjectCreated.SOURCE,
              ObjectCreated.DETAIL_TYPE));
    }
    Instant time;
    String timeText = text(root, "time");
    try {
      time = Instant.parse(timeText);
    } catch (DateTimeParseException e) {
      throw invalid("time '" + timeText + "' is not an ISO-8601 instant like 2024-05-01T12:00:00Z");
    }
    JsonNode detail = object(root, "detail", "detail");
    JsonNode object = object(detail, "object", "detail.object");
    JsonNode size = object.get("size");
    if (size == null || !size.canConvertToLong() || !size.isIntegralNumber()) {
      throw invalid(
          size == null ? "missing field detail.object.size" : "detail.object.size is not a number");
    }
    return new ObjectCreated(
        text(root, "id"),
        time,
        text(root, "region"),
        text(object(detail, "bucket", "detail.bucket"), "name", "detail.bucket.name"),
        text(object, "key", "detail.object.key"),
        size.longValue(),
        text(object, "etag", "detail.object.etag"),
        text(object, "sequencer", "detail.object.sequencer"),
        text(detail, "reason", "detail.reason"));
  }

  private static String text(JsonNode node, String field) {
    return text(node, field, field);
  }

  private static String text(JsonNode node, String field, String path) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      throw invalid("missing field " + path);
    }
    if (!value.isTextual()) {
      throw invalid(path + " is not a string");
    }
    return value.asText();
  }

  private static JsonNode object(JsonNode node, String field, String path) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      throw invalid("missing field " + path);
    }
    if (!value.isObject()) {
      throw invalid(path + " is not an object");
    }
    return value;
  }

  private static BinlakeException invalid(String why) {
    return new BinlakeException(
        ErrorCode.LOAD_FAILED,
        "Cannot read Object Created event: %s (expected Amazon EventBridge's S3 \"Object Created\""
            + " JSON; see ObjectCreatedJson)",
        why);
  }

  /** A 16-character id shaped like S3's request ids, derived from the event id (stable). */
  private static String requestId(String eventId) {
    String hex = eventId.replace("-", "").toUpperCase(Locale.ROOT);
    return hex.length() >= 16 ? hex.substring(0, 16) : hex;
  }
}
