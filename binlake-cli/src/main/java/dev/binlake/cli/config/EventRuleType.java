package dev.binlake.cli.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.binlake.api.BinlakeException;
import dev.binlake.events.rules.ObjectRule;
import java.math.BigDecimal;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * {@code events.rule}: an EventBridge event pattern written as YAML (or as a JSON string, as the
 * AWS console shows it), checked by {@link ObjectRule#parse} when the file is loaded.
 */
final class EventRuleType implements ValueType<ObjectRule> {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  @Override
  public ObjectRule parse(Node node, ValueContext context) throws InvalidValueException {
    String json;
    if (node instanceof ScalarNode scalar && Tag.STR.equals(scalar.getTag())) {
      json = context.text(scalar).strip(); // a pattern pasted as JSON text
    } else if (node instanceof MappingNode) {
      json = toJson(node, context).toString();
    } else {
      throw new InvalidValueException(
          node,
          "expected an EventBridge pattern (a section such as detail: {object: {key: [{prefix:"
              + " \"cdc/shop/\"}]}}) but found "
              + ValueType.describe(node));
    }
    try {
      return ObjectRule.parse(json);
    } catch (BinlakeException e) {
      throw new InvalidValueException(node, e.getMessage());
    }
  }

  @Override
  public String format(ObjectRule rule) {
    return rule.toJson();
  }

  private static JsonNode toJson(Node node, ValueContext context) throws InvalidValueException {
    if (node instanceof MappingNode mapping) {
      ObjectNode object = NODES.objectNode();
      for (NodeTuple tuple : mapping.getValue()) {
        if (!(tuple.getKeyNode() instanceof ScalarNode key)) {
          throw new InvalidValueException(
              tuple.getKeyNode(), "has a key that is not a plain name (write e.g. detail:)");
        }
        object.set(key.getValue(), toJson(tuple.getValueNode(), context));
      }
      return object;
    }
    if (node instanceof SequenceNode sequence) {
      ArrayNode array = NODES.arrayNode();
      for (Node item : sequence.getValue()) {
        array.add(toJson(item, context));
      }
      return array;
    }
    ScalarNode scalar = (ScalarNode) node;
    String text = context.text(scalar);
    Tag tag = scalar.getTag();
    if (Tag.NULL.equals(tag)) {
      return NODES.nullNode();
    }
    if (Tag.BOOL.equals(tag)) {
      return NODES.booleanNode(Boolean.parseBoolean(text.strip()));
    }
    if (Tag.INT.equals(tag) || Tag.FLOAT.equals(tag)) {
      try {
        return NODES.numberNode(new BigDecimal(text.strip()));
      } catch (NumberFormatException e) {
        return NODES.textNode(text); // .inf, .nan, 0x1F: EventBridge compares them as text
      }
    }
    return NODES.textNode(text);
  }
}
