package dev.binlake.events.rules;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** One alternative of a pattern leaf, tested against one (non-array) event value. */
sealed interface Matcher {
  boolean test(JsonNode value);

  /** An exact string, number (by value), boolean or null. */
  record Exact(JsonNode expected) implements Matcher {
    @Override
    public boolean test(JsonNode value) {
      return same(expected, value);
    }
  }

  record Prefix(String prefix) implements Matcher {
    @Override
    public boolean test(JsonNode value) {
      return value.isTextual() && value.textValue().startsWith(prefix);
    }
  }

  record Suffix(String suffix) implements Matcher {
    @Override
    public boolean test(JsonNode value) {
      return value.isTextual() && value.textValue().endsWith(suffix);
    }
  }

  /** {@code present} true matches any value; false matches only a missing field (see caller). */
  record Exists(boolean present) implements Matcher {
    @Override
    public boolean test(JsonNode value) {
      return present;
    }
  }

  /** Any value but the listed strings or numbers. */
  record AnythingBut(List<JsonNode> excluded) implements Matcher {
    @Override
    public boolean test(JsonNode value) {
      for (JsonNode excludedValue : excluded) {
        if (same(excludedValue, value)) {
          return false;
        }
      }
      return true;
    }
  }

  /** Any string not starting with {@code prefix}. */
  record AnythingButPrefix(String prefix) implements Matcher {
    @Override
    public boolean test(JsonNode value) {
      return value.isTextual() && !value.textValue().startsWith(prefix);
    }
  }

  private static boolean same(JsonNode expected, JsonNode value) {
    if (expected.isNumber() && value.isNumber()) {
      return expected.decimalValue().compareTo(value.decimalValue()) == 0;
    }
    return expected.equals(value);
  }

  static Matcher compile(JsonNode alternative, String path) {
    if (alternative.isValueNode()) {
      return new Exact(alternative);
    }
    if (!alternative.isObject() || alternative.size() != 1) {
      throw EventPattern.invalid(
          path, "each alternative is a value or an object with one operator, not " + alternative);
    }
    Map.Entry<String, JsonNode> operator = alternative.properties().iterator().next();
    JsonNode operand = operator.getValue();
    switch (operator.getKey()) {
      case "prefix":
        return new Prefix(text(operand, path, "prefix"));
      case "suffix":
        return new Suffix(text(operand, path, "suffix"));
      case "exists":
        if (!operand.isBoolean()) {
          throw EventPattern.invalid(path, "exists takes true or false, not " + operand);
        }
        return new Exists(operand.booleanValue());
      case "anything-but":
        return anythingBut(operand, path);
      default:
        throw EventPattern.invalid(path, "unsupported operator '" + operator.getKey() + "'");
    }
  }

  private static Matcher anythingBut(JsonNode operand, String path) {
    if (operand.isObject()) {
      if (operand.size() == 1 && operand.has("prefix")) {
        return new AnythingButPrefix(text(operand.get("prefix"), path, "anything-but prefix"));
      }
      throw EventPattern.invalid(
          path, "anything-but takes a value, a list or {\"prefix\": …}, not " + operand);
    }
    List<JsonNode> excluded = new ArrayList<>();
    if (operand.isArray()) {
      if (operand.isEmpty()) {
        throw EventPattern.invalid(path, "anything-but needs at least one value");
      }
      operand.forEach(excluded::add);
    } else {
      excluded.add(operand);
    }
    for (JsonNode value : excluded) {
      if (!value.isTextual() && !value.isNumber()) {
        throw EventPattern.invalid(path, "anything-but takes strings or numbers, not " + value);
      }
    }
    return new AnythingBut(List.copyOf(excluded));
  }

  private static String text(JsonNode operand, String path, String operator) {
    if (!operand.isTextual()) {
      throw EventPattern.invalid(path, operator + " takes a string, not " + operand);
    }
    return operand.textValue();
  }
}
