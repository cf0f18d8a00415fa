package dev.binlake.cli.config;

import static dev.binlake.cli.config.ConfigOption.optional;
import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Where binlake keeps its own state ({@code state.*}): capture offsets, schema history and
 * checkpoints.
 *
 * @param dir the state folder, absolute
 */
public record StateConfig(Path dir) {
  static final ConfigOption<Path> DIR =
      optional(
          "state.dir",
          ValueType.path(),
          "./state",
          "Folder for binlake's own state (capture offsets, schema history, checkpoints),"
              + " relative to the config file's folder unless absolute.");

  static final List<ConfigOption<?>> OPTIONS = List.of(DIR);

  public StateConfig {
    requireNonNull(dir, "dir is null");
    if (!dir.isAbsolute()) {
      throw new IllegalArgumentException("dir must be absolute: " + dir);
    }
  }

  static StateConfig from(OptionValues values) {
    return new StateConfig(values.get(DIR));
  }

  List<Map.Entry<String, String>> settings() {
    return List.of(DIR.show(dir));
  }
}
