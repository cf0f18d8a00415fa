package dev.binlake.cli.config;

import static dev.binlake.cli.config.ConfigOption.optional;
import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Columns that never reach a change file as they are ({@code source.columns.*}): excluded columns
 * are dropped, hashed columns become the HMAC-SHA-256 of their value (64 hex digits), keyed with
 * {@code hash-key}.
 *
 * @param exclude {@code db.table.column} patterns with % and _ wildcards
 * @param hash {@code db.table.column} patterns of columns to hash
 * @param hashKey the HMAC key, required when {@code hash} has patterns
 */
public record ColumnRulesConfig(List<String> exclude, List<String> hash, Secret hashKey) {
  /** Shortest hash key accepted: a short key can be guessed from known values. */
  public static final int MIN_HASH_KEY_LENGTH = 16;

  static final ConfigOption<List<String>> EXCLUDE =
      optional(
          "source.columns.exclude",
          columnPatterns(),
          "[]",
          "Columns never captured, as database.table.column patterns with % and _ wildcards"
              + " (the column name matches case-insensitively). They are in no change file and no"
              + " warehouse table.");
  static final ConfigOption<List<String>> HASH =
      optional(
          "source.columns.hash",
          columnPatterns(),
          "[]",
          "Columns whose values are replaced by their HMAC-SHA-256 under hash-key (64 hex digits,"
              + " a text column) before anything is written: equal values keep equal hashes, so"
              + " they still join. NULL stays NULL. Patterns as in exclude.");
  static final ConfigOption<Secret> HASH_KEY =
      optional(
          "source.columns.hash-key",
          ValueType.secret(),
          "\"\"",
          "Secret key of the column hashes, at least 16 characters; write ${env:NAME}. Keep it"
              + " stable: another key gives other hashes. Never printed.");

  static final List<ConfigOption<?>> OPTIONS = List.of(EXCLUDE, HASH, HASH_KEY);

  public ColumnRulesConfig {
    exclude = List.copyOf(exclude);
    hash = List.copyOf(hash);
    requireNonNull(hashKey, "hashKey is null");
  }

  static ColumnRulesConfig from(OptionValues values) {
    return new ColumnRulesConfig(values.get(EXCLUDE), values.get(HASH), values.get(HASH_KEY));
  }

  List<Map.Entry<String, String>> crossChecks() {
    List<Map.Entry<String, String>> problems = new ArrayList<>();
    if (!hash.isEmpty() && hashKey.reveal().length() < MIN_HASH_KEY_LENGTH) {
      problems.add(
          Map.entry(
              HASH_KEY.key(),
              hashKey.isEmpty()
                  ? "is required when source.columns.hash names columns (write e.g. hash-key:"
                      + " ${env:BINLAKE_HASH_KEY} with a random value of at least 16 characters)"
                  : "is shorter than 16 characters (use a random value of at least 16 characters;"
                      + " a short key lets anyone guess hashed values)"));
    }
    return problems;
  }

  List<Map.Entry<String, String>> settings() {
    return List.of(EXCLUDE.show(exclude), HASH.show(hash), HASH_KEY.show(hashKey));
  }

  /** A YAML list of {@code db.table.column} patterns. */
  static ValueType<List<String>> columnPatterns() {
    return new ValueType<>() {
      @Override
      public List<String> parse(Node node, ValueContext context) throws InvalidValueException {
        if (!(node instanceof SequenceNode sequence)) {
          throw new InvalidValueException(
              node,
              "expected a list but found "
                  + ValueType.describe(node)
                  + " (write e.g. [\"shop.customers.email\"], or [] for none)");
        }
        List<String> patterns = new ArrayList<>();
        List<InvalidValueException.Issue> issues = new ArrayList<>();
        for (Node item : sequence.getValue()) {
          if (!(item instanceof ScalarNode scalar)) {
            issues.add(
                new InvalidValueException.Issue(
                    item,
                    "expected column patterns in the list but found " + ValueType.describe(item)));
            continue;
          }
          try {
            String text = context.text(scalar).strip();
            String problem = problem(text);
            if (problem == null) {
              patterns.add(text);
            } else {
              issues.add(
                  new InvalidValueException.Issue(
                      item, ValueContext.message(scalar, text, problem)));
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
      public String format(List<String> patterns) {
        return patterns.stream()
            .map(pattern -> "\"" + pattern + "\"")
            .collect(Collectors.joining(", ", "[", "]"));
      }
    };
  }

  private static String problem(String text) {
    if (text.contains(",")) {
      return "'" + text + "' holds a comma (write each pattern as its own list item)";
    }
    String[] parts = text.split("\\.", -1);
    if (parts.length != 3 || Arrays.stream(parts).anyMatch(String::isEmpty)) {
      return "'"
          + text
          + "' is not a column pattern (use <database>.<table>.<column> with % and _ as"
          + " wildcards, e.g. shop.customers.email or %.%.ssn)";
    }
    return null;
  }
}
