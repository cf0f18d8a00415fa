package dev.binlake.cli.config;

import static java.util.Objects.requireNonNull;

/**
 * One thing wrong with a config file.
 *
 * @param key the option or section key ({@code source.port}), or empty for the file as a whole
 * @param line 1-based line in the file, or 0 when unknown
 * @param column 1-based column, or 0 when unknown (only YAML syntax errors have one)
 * @param message what is wrong and what to do; never contains a secret
 */
record Problem(String key, int line, int column, String message) {
  Problem {
    requireNonNull(key, "key is null");
    requireNonNull(message, "message is null");
  }

  /** {@code source.prot (line 3): unknown key (did you mean source.port?)}. */
  String render() {
    StringBuilder text = new StringBuilder();
    if (!key.isEmpty()) {
      text.append(key);
      if (line > 0) {
        text.append(" (line ").append(line).append(')');
      }
    } else if (line > 0) {
      text.append("line ").append(line);
      if (column > 0) {
        text.append(", column ").append(column);
      }
    } else {
      text.append("file");
    }
    return text.append(": ").append(message).toString();
  }
}
