package dev.binlake.api;

import java.util.regex.Pattern;

/**
 * AWS DMS's wildcards in a name pattern, as used by table and column rules: {@code %} matches any
 * run of characters (also none), {@code _} exactly one; everything else is literal.
 */
public final class DmsWildcard {
  private DmsWildcard() {}

  /** The Java regular expression for one pattern: {@code order__%} → {@code \Qorder\E...*}. */
  public static String toRegex(String pattern) {
    StringBuilder regex = new StringBuilder();
    StringBuilder literal = new StringBuilder();
    for (char c : pattern.toCharArray()) {
      if (c == '%' || c == '_') {
        if (literal.length() > 0) {
          regex.append(Pattern.quote(literal.toString()));
          literal.setLength(0);
        }
        regex.append(c == '%' ? ".*" : ".");
      } else {
        literal.append(c);
      }
    }
    if (literal.length() > 0) {
      regex.append(Pattern.quote(literal.toString()));
    }
    return regex.toString();
  }
}
