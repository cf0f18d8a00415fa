package dev.binlake.cli.config;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.nodes.Node;

/** The typed value of every option, parsed from the tree or from the option's default. */
final class OptionValues {
  private final Map<ConfigOption<?>, Object> values = new HashMap<>();

  private OptionValues() {}

  /** Parses every option; what does not parse becomes a problem and has no value. */
  static OptionValues bind(
      List<ConfigOption<?>> options, ConfigTree tree, ValueContext context, Problems problems) {
    OptionValues bound = new OptionValues();
    for (ConfigOption<?> option : options) {
      Optional<Node> node = tree.value(option.key());
      try {
        if (node.isPresent()) {
          bound.values.put(option, option.parse(node.get(), context));
        } else if (option.isRequired()) {
          problems.add(
              option.key(),
              tree.line(option.section()),
              "required but missing (add " + option.name() + ": under " + option.section() + ":)");
        } else {
          bound.values.put(option, option.parseDefault(context));
        }
      } catch (InvalidValueException e) {
        for (InvalidValueException.Issue issue : e.issues()) {
          problems.add(option.key(), issue.node(), issue.message());
        }
      }
    }
    return bound;
  }

  /** The option's value; call only after binding reported no problems. */
  <T> T get(ConfigOption<T> option) {
    Object value = values.get(option);
    if (value == null) {
      throw new IllegalStateException("no value bound for " + option.key());
    }
    // The value came from option.parse or option.parseDefault, which return a T.
    @SuppressWarnings("unchecked")
    T typed = (T) value;
    return typed;
  }
}
