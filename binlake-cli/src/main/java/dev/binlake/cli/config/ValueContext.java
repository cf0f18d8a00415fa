package dev.binlake.cli.config;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/**
 * What parsing a value may depend on besides its text.
 *
 * @param baseDirectory the config file's folder; relative paths resolve against it
 * @param env the environment for {@code ${env:NAME}}
 */
record ValueContext(Path baseDirectory, EnvSubstitution env) {
  ValueContext {
    requireNonNull(baseDirectory, "baseDirectory is null");
    requireNonNull(env, "env is null");
  }

  /** The scalar's text with {@code ${env:NAME}} replaced. */
  String text(ScalarNode node) throws InvalidValueException {
    try {
      return env.apply(node.getValue());
    } catch (IllegalArgumentException e) {
      throw new InvalidValueException(node, e.getMessage());
    }
  }

  /**
   * A parse failure's message for the scalar, without any value that came from the environment (the
   * environment is where secrets live): the quoted value becomes the reference as written.
   */
  static String message(ScalarNode node, String text, String message) {
    String raw = node.getValue();
    if (raw.equals(text)) {
      return message;
    }
    String hidden = "'" + raw.strip() + "' (value not shown)";
    String shown =
        message.replace("'" + text + "'", hidden).replace("'" + text.strip() + "'", hidden);
    if (!text.isBlank() && shown.contains(text.strip())) {
      return "gets a value from the environment that is not valid here (value not shown; see"
          + " docs/configuration.md)";
    }
    return shown;
  }

  /** A path from the file: absolute as written, relative against the config file's folder. */
  Path resolve(String path) {
    return baseDirectory.resolve(Path.of(path)).normalize();
  }
}
