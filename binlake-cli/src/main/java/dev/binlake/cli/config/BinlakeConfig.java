package dev.binlake.cli.config;

import static java.util.Objects.requireNonNull;

import dev.binlake.api.BinlakeException;
import dev.binlake.api.ErrorCode;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** A whole binlake config file, one validated record per feature. */
public record BinlakeConfig(
    SourceConfig source,
    StorageConfig storage,
    FilesConfig files,
    WarehouseConfig warehouse,
    StateConfig state,
    EventsConfig events,
    DmsConfig dms) {

  public BinlakeConfig {
    requireNonNull(source, "source is null");
    requireNonNull(storage, "storage is null");
    requireNonNull(files, "files is null");
    requireNonNull(warehouse, "warehouse is null");
    requireNonNull(state, "state is null");
    requireNonNull(events, "events is null");
    requireNonNull(dms, "dms is null");
  }

  /**
   * Reads and validates a YAML config file. {@code ${env:NAME}} in any value is replaced from
   * {@code env}; relative paths resolve against the file's folder.
   *
   * @param env the environment, usually {@link System#getenv()}
   * @throws BinlakeException {@link ErrorCode#CONFIG_INVALID} listing every problem of the file,
   *     each on its own line with its key and line number; secrets never appear in it
   */
  public static BinlakeConfig load(Path file, Map<String, String> env) {
    Path absolute = file.toAbsolutePath().normalize();
    String yaml;
    try {
      yaml = Files.readString(absolute);
    } catch (NoSuchFileException e) {
      throw new BinlakeException(
          ErrorCode.CONFIG_INVALID,
          e,
          "Cannot use config %s: the file does not exist (create it, or pass the path of a"
              + " binlake YAML file; see docs/configuration.md)",
          absolute);
    } catch (CharacterCodingException e) {
      throw new BinlakeException(
          ErrorCode.CONFIG_INVALID,
          e,
          "Cannot use config %s: the file is not UTF-8 text (save it as UTF-8)",
          absolute);
    } catch (IOException e) {
      throw new BinlakeException(
          ErrorCode.CONFIG_INVALID,
          e,
          "Cannot use config %s: %s (check that the file is readable)",
          absolute,
          e);
    }
    return parse(yaml, absolute, env);
  }

  /** Like {@link #load} for YAML text that {@code file} would hold (for its folder and name). */
  static BinlakeConfig parse(String yaml, Path file, Map<String, String> env) {
    Path absolute = file.toAbsolutePath().normalize();
    Problems problems = new Problems();
    List<ConfigOption<?>> options = options();
    ConfigTree tree =
        ConfigTree.read(
            yaml,
            sections(options),
            options.stream().map(ConfigOption::key).collect(Collectors.toList()),
            problems);
    if (!tree.isReadable()) {
      problems.throwIfAny(absolute);
    }
    ValueContext context = new ValueContext(absolute.getParent(), new EnvSubstitution(env));
    OptionValues values = OptionValues.bind(options, tree, context, problems);
    problems.throwIfAny(absolute);
    EventsConfig events = EventsConfig.from(values);
    WarehouseConfig warehouse = WarehouseConfig.from(values);
    List<Map.Entry<String, String>> crossProblems = new ArrayList<>(events.crossChecks());
    crossProblems.addAll(warehouse.crossChecks());
    StorageConfig storage = StorageConfig.from(values);
    crossProblems.addAll(storage.crossChecks());
    SourceConfig source = SourceConfig.from(values);
    crossProblems.addAll(source.crossChecks());
    for (Map.Entry<String, String> problem : crossProblems) {
      problems.add(problem.getKey(), tree.line(problem.getKey()), problem.getValue());
    }
    problems.throwIfAny(absolute);
    return new BinlakeConfig(
        source,
        storage,
        FilesConfig.from(values),
        warehouse,
        StateConfig.from(values),
        events,
        DmsConfig.from(values));
  }

  /** Every option, in the order of the reference doc. */
  static List<ConfigOption<?>> options() {
    return Stream.of(
            SourceConfig.OPTIONS,
            StorageConfig.OPTIONS,
            FilesConfig.OPTIONS,
            WarehouseConfig.OPTIONS,
            StateConfig.OPTIONS,
            EventsConfig.OPTIONS,
            DmsConfig.OPTIONS)
        .flatMap(List::stream)
        .collect(Collectors.toUnmodifiableList());
  }

  /** Every key that holds other keys: {@code source}, and {@code a}, {@code a.b} for a.b.c. */
  static Set<String> sections(List<ConfigOption<?>> options) {
    Set<String> sections = new LinkedHashSet<>();
    for (ConfigOption<?> option : options) {
      String key = option.key();
      for (int dot = key.indexOf('.'); dot >= 0; dot = key.indexOf('.', dot + 1)) {
        sections.add(key.substring(0, dot));
      }
    }
    return sections;
  }

  /**
   * Every setting, one per line ({@code source.port 3306}), secrets shown as {@link Secret#MASK}:
   * for start-up logs.
   */
  public String redactedSummary() {
    List<Map.Entry<String, String>> settings = new ArrayList<>();
    settings.addAll(source.settings());
    settings.addAll(storage.settings());
    settings.addAll(files.settings());
    settings.addAll(warehouse.settings());
    settings.addAll(state.settings());
    settings.addAll(events.settings());
    settings.addAll(dms.settings());
    int width = settings.stream().mapToInt(setting -> setting.getKey().length()).max().orElse(0);
    StringBuilder summary = new StringBuilder("binlake configuration (secrets hidden):");
    for (Map.Entry<String, String> setting : settings) {
      summary
          .append("\n  ")
          .append(setting.getKey())
          .append(" ".repeat(width - setting.getKey().length() + 2))
          .append(setting.getValue());
    }
    return summary.toString();
  }
}
