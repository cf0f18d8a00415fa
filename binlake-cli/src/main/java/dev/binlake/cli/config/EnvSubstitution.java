package dev.binlake.cli.config;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Replaces every {@code ${env:NAME}} in a scalar with the environment variable NAME. Other text,
 * including other {@code ${...}} forms, stays as written. Messages name the variable, never the
 * text around it (which may be a secret).
 */
final class EnvSubstitution {
  private static final String START = "${env:";
  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private final Map<String, String> env;

  EnvSubstitution(Map<String, String> env) {
    this.env = Map.copyOf(requireNonNull(env, "env is null"));
  }

  /**
   * The text with every reference replaced.
   *
   * @throws IllegalArgumentException when a reference is malformed or names an unset variable
   */
  String apply(String text) {
    if (!text.contains(START)) {
      return text;
    }
    StringBuilder result = new StringBuilder();
    List<String> missing = new ArrayList<>();
    int from = 0;
    for (int start = text.indexOf(START); start >= 0; start = text.indexOf(START, from)) {
      int end = text.indexOf('}', start);
      if (end < 0) {
        throw new IllegalArgumentException(
            "has a ${env: reference without its closing } (write ${env:NAME})");
      }
      String name = text.substring(start + START.length(), end);
      if (!NAME.matcher(name).matches()) {
        throw new IllegalArgumentException(
            "has a ${env:...} reference whose variable name is not letters, digits and _"
                + " (write ${env:NAME})");
      }
      result.append(text, from, start);
      String value = env.get(name);
      if (value == null) {
        missing.add(name);
      } else {
        result.append(value);
      }
      from = end + 1;
    }
    if (missing.size() == 1) {
      throw new IllegalArgumentException(
          "environment variable "
              + missing.get(0)
              + " is not set (set "
              + missing.get(0)
              + " in the environment or put the value in the file)");
    }
    if (!missing.isEmpty()) {
      String names = String.join(", ", missing);
      throw new IllegalArgumentException(
          "environment variables "
              + names
              + " are not set (set "
              + names
              + " in the environment or put the values in the file)");
    }
    return result.append(text.substring(from)).toString();
  }
}
