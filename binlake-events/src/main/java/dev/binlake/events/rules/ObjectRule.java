package dev.binlake.events.rules;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.binlake.api.EventTransport.EventHandler;
import dev.binlake.api.ObjectCreated;
import dev.binlake.api.ObjectStore;
import dev.binlake.api.StoredObject;
import dev.binlake.events.ObjectCreatedEvents;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A user's rule ({@code events.rule}): an {@link EventPattern} on the fields binlake can judge both
 * for an event and for an object a listing pass finds: {@code source}, {@code detail-type}, {@code
 * detail.bucket.name}, {@code detail.object.key} and {@code detail.object.size}. A loader takes an
 * event, or a listed object, only when the rule matches, on top of its own bucket and key prefix;
 * the rule narrows what a loader loads, it never widens it.
 *
 * <pre>{@code
 * ObjectRule rule = ObjectRule.parse("{\"detail\": {\"object\": {\"key\": [{\"prefix\": \"cdc/shop/\"}]}}}");
 * transport.subscribe(builtInRule, rule.filter(loader.eventHandler()));
 * Loader loader = new Loader(rule.filter(store), ...);   // listing passes skip other objects
 * }</pre>
 */
public final class ObjectRule {
  /** The fields a rule may name. */
  public static final List<String> FIELDS =
      List.of(
          "source", "detail-type", "detail.bucket.name", "detail.object.key", "detail.object.size");

  private static final Logger log = LoggerFactory.getLogger(ObjectRule.class);
  private static final ObjectMapper mapper = new ObjectMapper();
  private static final ObjectRule EVERYTHING = new ObjectRule(Optional.empty());

  private final Optional<EventPattern> pattern;

  private ObjectRule(Optional<EventPattern> pattern) {
    this.pattern = pattern;
  }

  /** The rule that takes every event and object (no {@code events.rule} configured). */
  public static ObjectRule everything() {
    return EVERYTHING;
  }

  /**
   * Parses an EventBridge pattern naming only {@link #FIELDS}; an empty object is {@link
   * #everything()}. Fails with {@link dev.binlake.api.ErrorCode#CONFIG_INVALID} and the path of the
   * first problem.
   */
  public static ObjectRule parse(String json) {
    requireNonNull(json, "json is null");
    JsonNode tree;
    try {
      tree = mapper.readTree(json);
    } catch (JsonProcessingException e) {
      throw EventPattern.invalid("", "it is not JSON: " + e.getOriginalMessage());
    }
    if (tree != null && tree.isObject() && tree.isEmpty()) {
      return EVERYTHING;
    }
    EventPattern pattern = EventPattern.parse(json);
    checkFields(tree, "");
    return new ObjectRule(Optional.of(pattern));
  }

  /** Whether any event or object is left out: a pattern is configured. */
  public boolean isRestrictive() {
    return pattern.isPresent();
  }

  public boolean matches(ObjectCreated event) {
    requireNonNull(event, "event is null");
    return pattern.map(p -> p.matches(event)).orElse(true);
  }

  /** Whether the object, as the "Object Created" event S3 would send for it, matches. */
  public boolean matches(String bucket, StoredObject object) {
    requireNonNull(object, "object is null");
    return pattern.isEmpty()
        || pattern.get().matches(ObjectCreatedEvents.forPut(bucket, object, "local"));
  }

  /** A handler that passes matching events to {@code handler} and acknowledges the others. */
  public EventHandler filter(EventHandler handler) {
    requireNonNull(handler, "handler is null");
    if (pattern.isEmpty()) {
      return handler;
    }
    return event -> {
      if (matches(event)) {
        handler.handle(event);
      } else {
        log.debug("Ignoring {}: events.rule does not match it", event.key());
      }
    };
  }

  /** The store with listings narrowed to matching objects (reads and writes unchanged). */
  public ObjectStore filter(ObjectStore store) {
    requireNonNull(store, "store is null");
    return pattern.isEmpty() ? store : new MatchingObjects(store, this);
  }

  /** The pattern as EventBridge JSON; {@code {}} for {@link #everything()}. */
  public String toJson() {
    return pattern.map(EventPattern::toJson).orElse("{}");
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ObjectRule && ((ObjectRule) other).pattern.equals(pattern);
  }

  @Override
  public int hashCode() {
    return pattern.hashCode();
  }

  @Override
  public String toString() {
    return toJson();
  }

  private static void checkFields(JsonNode node, String path) {
    for (Map.Entry<String, JsonNode> field : node.properties()) {
      String fieldPath = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
      if (field.getValue().isObject()) {
        if (FIELDS.stream().noneMatch(known -> known.startsWith(fieldPath + "."))) {
          throw unknownField(fieldPath);
        }
        checkFields(field.getValue(), fieldPath);
      } else if (!FIELDS.contains(fieldPath)) {
        throw unknownField(fieldPath);
      }
    }
  }

  private static RuntimeException unknownField(String path) {
    return EventPattern.invalid(
        path,
        "binlake cannot match this field (a rule may name " + String.join(", ", FIELDS) + ")");
  }
}
