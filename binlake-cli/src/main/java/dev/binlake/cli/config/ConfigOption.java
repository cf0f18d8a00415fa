package dev.binlake.cli.config;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * One option, declared once: its key ({@code files.max-batch-interval}), its type, its default
 * written as YAML exactly as a user would write it (or none when required), and a sentence for the
 * reference doc. Binding, unknown-key detection, the doc and the summary all read these.
 */
final class ConfigOption<T> {
  private final String key;
  private final ValueType<T> type;
  private final String defaultYaml;
  private final Node defaultNode;
  private final String description;

  private ConfigOption(String key, ValueType<T> type, String defaultYaml, String description) {
    this.key = requireNonNull(key, "key is null");
    this.type = requireNonNull(type, "type is null");
    this.description = requireNonNull(description, "description is null");
    this.defaultYaml = defaultYaml;
    this.defaultNode = defaultYaml == null ? null : ConfigTree.composeValue(defaultYaml);
    if (!key.matches("[a-z0-9-]+(\\.[a-z0-9-]+)+")) {
      throw new IllegalArgumentException("option key must be section.name in lower case: " + key);
    }
    if (description.isBlank() || !description.endsWith(".") || description.contains("|")) {
      throw new IllegalArgumentException("description must be sentences without |: " + key);
    }
  }

  static <T> ConfigOption<T> required(String key, ValueType<T> type, String description) {
    return new ConfigOption<>(key, type, null, description);
  }

  static <T> ConfigOption<T> optional(
      String key, ValueType<T> type, String defaultYaml, String description) {
    return new ConfigOption<>(
        key, type, requireNonNull(defaultYaml, "defaultYaml is null"), description);
  }

  String key() {
    return key;
  }

  /** The part of the key before the last dot: {@code files} for {@code files.codec}. */
  String section() {
    return key.substring(0, key.lastIndexOf('.'));
  }

  /** The last part of the key: {@code codec} for {@code files.codec}. */
  String name() {
    return key.substring(key.lastIndexOf('.') + 1);
  }

  String description() {
    return description;
  }

  boolean isRequired() {
    return defaultYaml == null;
  }

  boolean isSecret() {
    return type.isSecret();
  }

  /** The default as written in YAML, empty when the option is required. */
  Optional<String> defaultYaml() {
    return Optional.ofNullable(defaultYaml);
  }

  T parse(Node node, ValueContext context) throws InvalidValueException {
    return type.parse(node, context);
  }

  /** The default value, paths resolved in the context. Only for options that are not required. */
  T parseDefault(ValueContext context) {
    if (defaultNode == null) {
      throw new IllegalStateException(key + " is required and has no default");
    }
    try {
      return type.parse(defaultNode, context);
    } catch (InvalidValueException e) {
      throw new IllegalStateException("default of " + key + " is invalid: " + e.getMessage(), e);
    }
  }

  /** The key and the value as text for printing, {@link Secret#MASK} for a secret. */
  Map.Entry<String, String> show(T value) {
    return Map.entry(key, isSecret() ? Secret.MASK : type.format(value));
  }

  @Override
  public String toString() {
    return key;
  }
}
