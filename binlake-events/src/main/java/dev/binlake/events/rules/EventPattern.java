package dev.binlake.events.rules;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.binlake.api.BinlakeException;
import dev.binlake.api.ErrorCode;
import dev.binlake.api.EventRule;
import dev.binlake.api.ObjectCreated;
import dev.binlake.events.ObjectCreatedJson;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An Amazon EventBridge event pattern: which events a rule selects. Supported, with EventBridge's
 * semantics:
 *
 * <ul>
 *   <li>nested objects mirror the event's structure; every field named must match (AND);
 *   <li>each leaf is a non-empty array of alternatives (OR): exact strings, numbers, booleans or
 *       {@code null}, {@code {"prefix": "…"}}, {@code {"suffix": "…"}}, {@code {"exists": bool}},
 *       {@code {"anything-but": value}}, {@code {"anything-but": [values]}} and {@code
 *       {"anything-but": {"prefix": "…"}}};
 *   <li>a field missing from the event matches nothing but {@code {"exists": false}}; a field whose
 *       value is an array matches if any element does;
 *   <li>matching is case-sensitive; numbers compare by value (5 equals 5.0).
 * </ul>
 *
 * <p>Anything else (numeric ranges, wildcards, {@code $or}, equals-ignore-case) is rejected with
 * {@link ErrorCode#CONFIG_INVALID} rather than silently ignored.
 */
public final class EventPattern {
  private static final ObjectMapper mapper = new ObjectMapper();
  private static final ObjectCreatedJson eventJson = new ObjectCreatedJson();

  private final ObjectNode json;
  private final Map<String, Object> root; // field -> Map (nested) or List<Matcher> (leaf)

  private EventPattern(ObjectNode json) {
    this.json = json;
    this.root = compile(json, "");
  }

  /** Parses a pattern in EventBridge's JSON syntax, failing on anything unsupported. */
  public static EventPattern parse(String json) {
    requireNonNull(json, "json is null");
    JsonNode tree;
    try {
      tree = mapper.readTree(json);
    } catch (JsonProcessingException e) {
      throw invalid("", "it is not JSON: " + e.getOriginalMessage());
    }
    if (tree == null || !tree.isObject() || tree.isEmpty()) {
      throw invalid("", "a pattern is a non-empty JSON object");
    }
    return new EventPattern((ObjectNode) tree);
  }

  /**
   * The pattern equivalent to {@code rule}: exact source, detail-type and bucket name, and the key
   * prefix (an empty prefix matches every key).
   */
  public static EventPattern of(EventRule rule) {
    requireNonNull(rule, "rule is null");
    JsonNodeFactory nodes = JsonNodeFactory.instance;
    ObjectNode pattern = nodes.objectNode();
    pattern.putArray("source").add(rule.source());
    pattern.putArray("detail-type").add(rule.detailType());
    ObjectNode detail = pattern.putObject("detail");
    detail.putObject("bucket").putArray("name").add(rule.bucket());
    detail.putObject("object").putArray("key").addObject().put("prefix", rule.keyPrefix());
    return new EventPattern(pattern);
  }

  /** Object Created events of {@code bucket} whose key starts with {@code keyPrefix}. */
  public static EventPattern objectCreated(String bucket, String keyPrefix) {
    return of(EventRule.objectCreated(bucket, keyPrefix));
  }

  /** Whether the event, as EventBridge JSON, matches. */
  public boolean matches(JsonNode event) {
    requireNonNull(event, "event is null");
    return matchesObject(root, event);
  }

  /** Whether the event matches, judged on its EventBridge JSON (source {@code aws.s3}). */
  public boolean matches(ObjectCreated event) {
    requireNonNull(event, "event is null");
    try {
      return matches(mapper.readTree(eventJson.write(event)));
    } catch (JsonProcessingException e) {
      throw new BinlakeException(
          ErrorCode.INTERNAL, e, "Cannot match event %s: %s", event.id(), e.getMessage());
    }
  }

  /** The pattern as EventBridge JSON (what {@link #parse} reads back). */
  public String toJson() {
    return json.toString();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof EventPattern && ((EventPattern) other).json.equals(json);
  }

  @Override
  public int hashCode() {
    return json.hashCode();
  }

  @Override
  public String toString() {
    return toJson();
  }

  @SuppressWarnings("unchecked") // compile() puts only Map<String, Object> and List<Matcher> in
  private static boolean matchesObject(Map<String, Object> pattern, JsonNode event) {
    for (Map.Entry<String, Object> field : pattern.entrySet()) {
      JsonNode value = event == null || !event.isObject() ? null : event.get(field.getKey());
      if (field.getValue() instanceof Map) {
        if (value == null || !value.isObject()) {
          return false;
        }
        if (!matchesObject((Map<String, Object>) field.getValue(), value)) {
          return false;
        }
      } else if (!matchesLeaf((List<Matcher>) field.getValue(), value)) {
        return false;
      }
    }
    return true;
  }

  private static boolean matchesLeaf(List<Matcher> alternatives, JsonNode value) {
    for (Matcher matcher : alternatives) {
      if (value == null || (value.isArray() && value.isEmpty())) {
        if (matcher instanceof Matcher.Exists && !((Matcher.Exists) matcher).present()) {
          return true;
        }
      } else if (value.isArray()) {
        for (JsonNode element : value) {
          if (matcher.test(element)) {
            return true;
          }
        }
      } else if (matcher.test(value)) {
        return true;
      }
    }
    return false;
  }

  private static Map<String, Object> compile(JsonNode node, String path) {
    Map<String, Object> fields = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> field : node.properties()) {
      String fieldPath = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
      JsonNode value = field.getValue();
      if (value.isObject()) {
        if (value.isEmpty()) {
          throw invalid(fieldPath, "an object in a pattern needs at least one field");
        }
        fields.put(field.getKey(), compile(value, fieldPath));
      } else if (value.isArray()) {
        fields.put(field.getKey(), leaf((ArrayNode) value, fieldPath));
      } else {
        throw invalid(
            fieldPath, "values to match go in an array, like [" + value + "], not " + value);
      }
    }
    return fields;
  }

  private static List<Matcher> leaf(ArrayNode alternatives, String path) {
    if (alternatives.isEmpty()) {
      throw invalid(path, "an empty array matches nothing; list at least one value");
    }
    List<Matcher> matchers = new ArrayList<>();
    for (JsonNode alternative : alternatives) {
      matchers.add(Matcher.compile(alternative, path));
    }
    return List.copyOf(matchers);
  }

  static BinlakeException invalid(String path, String why) {
    return new BinlakeException(
        ErrorCode.CONFIG_INVALID,
        "Cannot use event pattern%s: %s (supported: exact values, prefix, suffix, exists,"
            + " anything-but with a value, a list or a prefix)",
        path.isEmpty() ? "" : " at " + path,
        why);
  }
}
