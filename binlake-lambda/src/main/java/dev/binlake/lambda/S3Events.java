package dev.binlake.lambda;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.binlake.api.BinlakeException;
import dev.binlake.api.ErrorCode;
import dev.binlake.api.ObjectCreated;
import dev.binlake.events.ObjectCreatedJson;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The objects an invocation is about. Lambda hands the event JSON over as a map; two shapes carry
 * S3's "Object Created":
 *
 * <ul>
 *   <li>Amazon EventBridge ({@code "detail-type": "Object Created"}, {@code "source": "aws.s3"}),
 *       read by {@link ObjectCreatedJson}; keys are plain text;
 *   <li>a classic S3 event notification ({@code "Records": [{"eventSource": "aws:s3", "eventName":
 *       "ObjectCreated:Put", "s3": {...}}]}); keys are URL-encoded (a space is {@code +}) and
 *       decoded here. Records of other events (ObjectRemoved, …) are skipped, and S3's {@code
 *       s3:TestEvent} yields nothing.
 * </ul>
 */
public final class S3Events {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private S3Events() {}

  /** The created objects of one invocation's event, in the event's order. */
  public static List<ObjectCreated> read(Map<String, Object> event) {
    if (event == null) {
      throw invalid("the event is empty");
    }
    if (event.containsKey("detail-type")) {
      return List.of(ObjectCreatedJson.read(MAPPER.valueToTree(event).toString()));
    }
    if ("s3:TestEvent".equals(event.get("Event"))) {
      return List.of();
    }
    Object records = event.get("Records");
    if (!(records instanceof List<?> list)) {
      throw invalid("it has neither detail-type (EventBridge) nor Records (S3 notification)");
    }
    List<ObjectCreated> created = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      Map<?, ?> record = map(list.get(i), "Records[" + i + "]");
      if (!"aws:s3".equals(record.get("eventSource"))) {
        throw invalid(
            "Records["
                + i
                + "].eventSource is '"
                + record.get("eventSource")
                + "', not aws:s3 (send S3 notifications or EventBridge events to this function)");
      }
      String eventName = text(record, "eventName", i);
      if (eventName.startsWith("ObjectCreated:")) {
        created.add(fromRecord(record, eventName, i));
      }
    }
    return created;
  }

  private static ObjectCreated fromRecord(Map<?, ?> record, String eventName, int i) {
    Map<?, ?> s3 = map(record.get("s3"), "Records[" + i + "].s3");
    Map<?, ?> bucket = map(s3.get("bucket"), "Records[" + i + "].s3.bucket");
    Map<?, ?> object = map(s3.get("object"), "Records[" + i + "].s3.object");
    String key = URLDecoder.decode(text(object, "key", i), StandardCharsets.UTF_8);
    String sequencer = text(object, "sequencer", i);
    Object size = object.get("size");
    Object etag = object.get("eTag");
    Object region = record.get("awsRegion");
    Instant time;
    try {
      time = Instant.parse(text(record, "eventTime", i));
    } catch (DateTimeParseException e) {
      throw invalid("Records[" + i + "].eventTime is not an ISO-8601 instant");
    }
    Map<?, ?> response = record.get("responseElements") instanceof Map<?, ?> m ? m : Map.of();
    Object requestId = response.get("x-amz-request-id");
    return new ObjectCreated(
        requestId == null ? sequencer : requestId + "-" + sequencer,
        time,
        region == null ? "" : region.toString(),
        text(bucket, "name", i),
        key,
        size instanceof Number n ? n.longValue() : -1,
        etag == null ? "" : etag.toString(),
        sequencer,
        reason(eventName));
  }

  /** EventBridge's {@code detail.reason} for a notification's {@code eventName}. */
  private static String reason(String eventName) {
    return switch (eventName) {
      case "ObjectCreated:Put" -> "PutObject";
      case "ObjectCreated:Post" -> "PostObject";
      case "ObjectCreated:Copy" -> "CopyObject";
      case "ObjectCreated:CompleteMultipartUpload" -> "CompleteMultipartUpload";
      default -> eventName.substring("ObjectCreated:".length());
    };
  }

  private static Map<?, ?> map(Object value, String path) {
    if (value instanceof Map<?, ?> map) {
      return map;
    }
    throw invalid(value == null ? "missing field " + path : path + " is not an object");
  }

  private static String text(Map<?, ?> node, String field, int record) {
    Object value = node.get(field);
    if (value == null) {
      throw invalid("missing field " + field + " in Records[" + record + "]");
    }
    return value.toString();
  }

  private static BinlakeException invalid(String why) {
    return new BinlakeException(
        ErrorCode.LOAD_FAILED,
        "Cannot read the invocation event: %s (expected S3's Object Created event through"
            + " EventBridge, or an S3 event notification with Records)",
        why);
  }
}
