package dev.binlake.capture;

import dev.binlake.api.DmsWildcard;
import dev.binlake.api.TableId;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Include and exclude rules on {@code database.table} with AWS DMS wildcards: {@code %} matches any
 * run of characters, {@code _} exactly one. A table is captured when it matches an include rule and
 * no exclude rule.
 */
public record TableFilter(List<String> include, List<String> exclude) {
  public TableFilter {
    include = List.copyOf(include);
    exclude = List.copyOf(exclude);
    if (include.isEmpty()) {
      throw new IllegalArgumentException("include needs at least one rule, e.g. shop.%");
    }
    for (String rule : include) {
      validate(rule);
    }
    for (String rule : exclude) {
      validate(rule);
    }
  }

  private static void validate(String rule) {
    if (rule.isBlank() || rule.contains(",")) {
      throw new IllegalArgumentException(
          "table rule '" + rule + "' must be <database>.<table> with % and _ wildcards, no commas");
    }
  }

  public boolean matches(TableId table) {
    return pattern().matcher(table.toString()).matches();
  }

  /** One Java regex for Debezium's {@code table.include.list}: includes minus excludes. */
  public String debeziumRegex() {
    String includes = alternatives(include);
    if (exclude.isEmpty()) {
      return includes;
    }
    return "(?!" + alternatives(exclude) + "$)" + includes;
  }

  private Pattern pattern() {
    return Pattern.compile(debeziumRegex());
  }

  private static String alternatives(List<String> rules) {
    return rules.stream().map(DmsWildcard::toRegex).collect(Collectors.joining("|", "(?:", ")"));
  }
}
