package dev.binlake.cli.config;

import dev.binlake.api.TableId;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * How an option's YAML value becomes a typed value and back into text. Messages of a failed parse
 * say what is accepted and quote the value only when the type is not secret.
 */
interface ValueType<T> {
  T parse(Node node, ValueContext context) throws InvalidValueException;

  /** The value as one would write it in the file. */
  String format(T value);

  default boolean isSecret() {
    return false;
  }

  /** A single value; {@code parser} throws IllegalArgumentException with a user message. */
  static <T> ValueType<T> scalar(
      BiFunction<String, ValueContext, T> parser, Function<T, String> formatter) {
    return new Scalar<>(parser, formatter, false);
  }

  /** Any non-blank text. */
  static ValueType<String> text() {
    return scalar(
        (text, context) -> {
          if (text.isBlank()) {
            throw new IllegalArgumentException("is empty (write a value)");
          }
          return text.strip();
        },
        Function.identity());
  }

  /** Any text, also empty, kept out of every message and printout. */
  /** {@code true} or {@code false}. */
  static ValueType<Boolean> bool() {
    return scalar(
        (text, context) -> {
          String value = text.strip().toLowerCase(Locale.ROOT);
          if (!value.equals("true") && !value.equals("false")) {
            throw new IllegalArgumentException("is not true or false");
          }
          return Boolean.valueOf(value);
        },
        String::valueOf);
  }

  /**
   * Key columns per table, each item {@code "<db>.<table>: col1, col2"}, for tables whose key the
   * source does not name.
   */
  static ValueType<Map<TableId, List<String>>> tableKeys() {
    return new ValueType<>() {
      @Override
      public Map<TableId, List<String>> parse(Node node, ValueContext context)
          throws InvalidValueException {
        if (!(node instanceof SequenceNode sequence)) {
          throw new InvalidValueException(
              node,
              "expected a list but found "
                  + describe(node)
                  + " (write e.g. [\"shop.log: id\"], or [] for none)");
        }
        Map<TableId, List<String>> keys = new LinkedHashMap<>();
        List<InvalidValueException.Issue> issues = new ArrayList<>();
        for (Node item : sequence.getValue()) {
          if (!(item instanceof ScalarNode scalar)) {
            issues.add(
                new InvalidValueException.Issue(
                    item, "expected \"<db>.<table>: <columns>\" but found " + describe(item)));
            continue;
          }
          String text = context.text(scalar);
          int colon = text.indexOf(':');
          List<String> columns =
              colon < 0
                  ? List.of()
                  : Arrays.stream(text.substring(colon + 1).split(","))
                      .map(String::strip)
                      .filter(c -> !c.isEmpty())
                      .toList();
          try {
            if (columns.isEmpty()) {
              throw new IllegalArgumentException(
                  "needs key columns after a colon (write e.g. \"shop.log: id\")");
            }
            keys.put(TableId.parse(text.substring(0, colon).strip()), columns);
          } catch (IllegalArgumentException | dev.binlake.api.BinlakeException e) {
            issues.add(
                new InvalidValueException.Issue(
                    item, ValueContext.message(scalar, text, e.getMessage())));
          }
        }
        if (!issues.isEmpty()) {
          throw new InvalidValueException(issues);
        }
        return Map.copyOf(keys);
      }

      @Override
      public String format(Map<TableId, List<String>> keys) {
        return keys.entrySet().stream()
            .map(e -> "\"" + e.getKey() + ": " + String.join(", ", e.getValue()) + "\"")
            .sorted()
            .collect(Collectors.joining(", ", "[", "]"));
      }
    };
  }

  /** Text that may be empty ({@code ""}), for options that only some settings need. */
  static ValueType<String> optionalText() {
    return scalar((text, context) -> text.strip(), Function.identity());
  }

  static ValueType<Secret> secret() {
    return new Scalar<>((text, context) -> Secret.of(text), secret -> Secret.MASK, true);
  }

  static ValueType<Integer> integer(int min, int max) {
    return scalar((text, context) -> (int) wholeNumber(text, min, max), String::valueOf);
  }

  static ValueType<Long> wholeNumber(long min, long max) {
    return scalar((text, context) -> wholeNumber(text, min, max), String::valueOf);
  }

  /** A duration with a unit ({@link DurationFormat}), at least {@code min}. */
  static ValueType<Duration> duration(Duration min) {
    return scalar(
        (text, context) -> {
          Duration duration = DurationFormat.parse(text);
          if (duration.compareTo(min) < 0) {
            throw new IllegalArgumentException(
                "'"
                    + text.strip()
                    + "' is too short (use at least "
                    + DurationFormat.format(min)
                    + ")");
          }
          return duration;
        },
        DurationFormat::format);
  }

  static ValueType<DataSize> dataSize() {
    return scalar((text, context) -> DataSize.parse(text), DataSize::toString);
  }

  /**
   * One of an enum's constants, written lower-case with {@code -} for {@code _}; constants outside
   * {@code supported} are known but rejected as "not supported yet".
   */
  static <E extends Enum<E>> ValueType<E> choice(Class<E> type, Set<E> supported) {
    List<E> constants = Arrays.asList(type.getEnumConstants());
    String all = constants.stream().map(ValueType::name).collect(Collectors.joining(", "));
    String usable =
        constants.stream()
            .filter(supported::contains)
            .map(ValueType::name)
            .collect(Collectors.joining(", "));
    return scalar(
        (text, context) -> {
          for (E constant : constants) {
            if (name(constant).equalsIgnoreCase(text.strip())) {
              if (!supported.contains(constant)) {
                throw new IllegalArgumentException(
                    "'" + name(constant) + "' is not supported yet (use " + usable + ")");
              }
              return constant;
            }
          }
          throw new IllegalArgumentException("'" + text.strip() + "' is not one of " + all);
        },
        ValueType::name);
  }

  /** How {@link #choice} writes a constant: {@code DUCKDB} becomes {@code duckdb}. */
  static String name(Enum<?> constant) {
    return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** A file system path; a relative one resolves against the config file's folder. */
  static ValueType<Path> path() {
    return scalar(
        (text, context) -> {
          if (text.isBlank()) {
            throw new IllegalArgumentException("is empty (write a path such as ./state)");
          }
          try {
            return context.resolve(text.strip());
          } catch (InvalidPathException e) {
            throw new IllegalArgumentException(
                "'" + text + "' is not a valid path (" + e.getReason() + ")", e);
          }
        },
        Path::toString);
  }

  /** A YAML list of {@link TablePattern}s such as {@code ["shop.%", "crm.customers"]}. */
  static ValueType<List<TablePattern>> tablePatterns() {
    return new ValueType<>() {
      @Override
      public List<TablePattern> parse(Node node, ValueContext context)
          throws InvalidValueException {
        if (!(node instanceof SequenceNode sequence)) {
          throw new InvalidValueException(
              node,
              "expected a list but found "
                  + describe(node)
                  + " (write e.g. [\"shop.%\"], or []"
                  + " for none)");
        }
        List<TablePattern> patterns = new ArrayList<>();
        List<InvalidValueException.Issue> issues = new ArrayList<>();
        for (Node item : sequence.getValue()) {
          try {
            if (!(item instanceof ScalarNode scalar)) {
              throw new InvalidValueException(
                  item, "expected table patterns in the list but found " + describe(item));
            }
            String text = context.text(scalar);
            try {
              patterns.add(TablePattern.parse(text.strip()));
            } catch (IllegalArgumentException e) {
              issues.add(
                  new InvalidValueException.Issue(
                      item, ValueContext.message(scalar, text, e.getMessage())));
            }
          } catch (InvalidValueException e) {
            issues.addAll(e.issues());
          }
        }
        if (!issues.isEmpty()) {
          throw new InvalidValueException(issues);
        }
        return List.copyOf(patterns);
      }

      @Override
      public String format(List<TablePattern> patterns) {
        return patterns.stream()
            .map(pattern -> "\"" + pattern + "\"")
            .collect(Collectors.joining(", ", "[", "]"));
      }
    };
  }

  /** "a list", "a section" or "a single value": never the value itself, which may be secret. */
  static String describe(Node node) {
    if (node instanceof SequenceNode) {
      return "a list";
    }
    if (node instanceof MappingNode) {
      return "a section of keys";
    }
    return "a single value";
  }

  private static long wholeNumber(String text, long min, long max) {
    long value;
    try {
      value = Long.parseLong(text.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "'" + text.strip() + "' is not a whole number (use " + min + " to " + max + ")", e);
    }
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          "'" + value + "' is out of range (use " + min + " to " + max + ")");
    }
    return value;
  }

  /** A type for one YAML scalar, with {@code ${env:NAME}} substituted before parsing. */
  record Scalar<T>(
      BiFunction<String, ValueContext, T> parser, Function<T, String> formatter, boolean isSecret)
      implements ValueType<T> {
    @Override
    public T parse(Node node, ValueContext context) throws InvalidValueException {
      if (!(node instanceof ScalarNode scalar)) {
        throw new InvalidValueException(
            node, "expected a single value but found " + describe(node));
      }
      String text = context.text(scalar);
      try {
        return parser.apply(text, context);
      } catch (IllegalArgumentException e) {
        throw new InvalidValueException(node, ValueContext.message(scalar, text, e.getMessage()));
      }
    }

    @Override
    public String format(T value) {
      return formatter.apply(value);
    }
  }
}
