package dev.binlake.cli.config;

import static java.util.Objects.requireNonNull;

import dev.binlake.api.DmsWildcard;
import dev.binlake.api.TableId;
import java.util.regex.Pattern;

/**
 * A DMS-style table selection {@code <database>.<table>} where {@code %} matches any run of
 * characters (also none) and {@code _} exactly one character: {@code shop.%}, {@code %.orders},
 * {@code shop.order__}. Names match case-sensitively, as MySQL and MariaDB compare them on Linux.
 */
public record TablePattern(String schemaPattern, String tablePattern) {
  public TablePattern {
    requireNonNull(schemaPattern, "schemaPattern is null");
    requireNonNull(tablePattern, "tablePattern is null");
    if (schemaPattern.isEmpty() || tablePattern.isEmpty()) {
      throw new IllegalArgumentException(
          "schema and table patterns must not be empty: " + schemaPattern + "." + tablePattern);
    }
  }

  /**
   * Parses {@code shop.%}: exactly one dot separates the database pattern from the table pattern;
   * commas are not allowed (Debezium's table lists are comma-separated).
   *
   * @throws IllegalArgumentException with a message saying what is accepted
   */
  public static TablePattern parse(String text) {
    if (text.contains(",")) {
      throw new IllegalArgumentException(
          "'"
              + text
              + "' holds a comma (write each pattern as its own list item, e.g."
              + " [\"shop.%\", \"crm.%\"])");
    }
    int dot = text.indexOf('.');
    if (dot <= 0 || dot == text.length() - 1 || text.indexOf('.', dot + 1) >= 0) {
      throw new IllegalArgumentException(
          "'"
              + text
              + "' is not a table pattern (use <database>.<table> with % and _ as"
              + " wildcards, e.g. shop.% or %.orders)");
    }
    return new TablePattern(text.substring(0, dot), text.substring(dot + 1));
  }

  public boolean matches(TableId table) {
    return Pattern.compile(DmsWildcard.toRegex(schemaPattern), Pattern.DOTALL)
            .matcher(table.schema())
            .matches()
        && Pattern.compile(DmsWildcard.toRegex(tablePattern), Pattern.DOTALL)
            .matcher(table.table())
            .matches();
  }

  /**
   * A Java regular expression matching {@code <database>.<table>} the way this pattern does, e.g.
   * for Debezium's {@code table.include.list}.
   */
  public String toRegex() {
    return DmsWildcard.toRegex(schemaPattern) + "\\." + DmsWildcard.toRegex(tablePattern);
  }

  @Override
  public String toString() {
    return schemaPattern + "." + tablePattern;
  }
}
