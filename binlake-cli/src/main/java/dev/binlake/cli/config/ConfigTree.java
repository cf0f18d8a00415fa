package dev.binlake.cli.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.ReaderException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * A config file's YAML as nodes keyed by path ({@code source.port}), with their lines. Reading it
 * reports malformed YAML, duplicate keys, unknown keys (with a suggestion) and sections that are
 * not sections; values are left to the options.
 */
final class ConfigTree {
  private record Entry(Node key, Node value) {}

  private static final Pattern FOUND = Pattern.compile("(.*?\\bfound)(\\W.*)", Pattern.DOTALL);

  /** One character as the parser shows it: {@code x}, {@code '\t(TAB)'}, {@code q(113)}. */
  private static final String CHAR = "'?\\\\?.(?:\\(\\w+\\))?'?";

  private static final Pattern HARMLESS_FOUND =
      Pattern.compile(
          " '<[a-z ]+>'| "
              + CHAR
              + "| unexpected end of stream| unexpected document separator"
              + "| duplicate YAML directive| another document| unknown escape character "
              + CHAR
              + "| character "
              + CHAR
              + " that cannot start any token\\. \\(Do not use "
              + CHAR
              + " for indentation\\)",
          Pattern.DOTALL);

  private final Map<String, Entry> entries;
  private final boolean isReadable;

  private ConfigTree(Map<String, Entry> entries, boolean isReadable) {
    this.entries = entries;
    this.isReadable = isReadable;
  }

  /**
   * Reads the YAML text.
   *
   * @param sections the keys that hold other keys ({@code source})
   * @param options the keys that hold values ({@code source.port}), in declaration order
   */
  static ConfigTree read(
      String yaml, Set<String> sections, List<String> options, Problems problems) {
    Map<String, Entry> entries = new LinkedHashMap<>();
    Optional<Node> root;
    try {
      root = new Compose(settings()).composeString(yaml);
    } catch (MarkedYamlEngineException e) {
      // getMessage() would quote the offending line, which may hold a secret: use the parts.
      String context =
          e.getContext() == null || e.getContext().isEmpty() ? "" : e.getContext() + ": ";
      problems.addSyntax(
          e.getProblemMark(),
          "not valid YAML: "
              + context
              + withoutFileText(e.getProblem())
              + " (fix the YAML syntax)");
      return new ConfigTree(entries, false);
    } catch (ReaderException e) {
      int[] codePoints = yaml.codePoints().limit(e.getPosition()).toArray();
      int line = 1;
      int column = 1;
      for (int codePoint : codePoints) {
        line += codePoint == '\n' ? 1 : 0;
        column = codePoint == '\n' ? 1 : column + 1;
      }
      problems.addSyntax(
          line,
          column,
          String.format(
              "not valid YAML: U+%04X is a character YAML does not allow (remove it)",
              e.getCodePoint()));
      return new ConfigTree(entries, false);
    } catch (YamlEngineException e) {
      problems.addSyntax(Optional.empty(), "not valid YAML (fix the YAML syntax)");
      return new ConfigTree(entries, false);
    }
    if (root.isEmpty() || isNull(root.get())) {
      return new ConfigTree(entries, true);
    }
    if (!(root.get() instanceof MappingNode mapping)) {
      problems.add(
          "",
          root.get(),
          "expected sections such as source: and storage: but found "
              + ValueType.describe(root.get()));
      return new ConfigTree(entries, false);
    }
    new Walk(sections, options, entries, problems).walk("", mapping);
    return new ConfigTree(entries, true);
  }

  /**
   * Whether the file is YAML holding sections; when it is not, missing keys are no news and should
   * not be reported.
   */
  boolean isReadable() {
    return isReadable;
  }

  /**
   * The parser's problem without text it copied from the file (an alias or tag name, a run of
   * characters), which may be a secret: what follows "found" stays only when it is a token kind
   * ({@code '<block end>'}), one character or a fixed phrase.
   */
  static String withoutFileText(String problem) {
    Matcher found = FOUND.matcher(problem);
    if (!found.matches() || HARMLESS_FOUND.matcher(found.group(2)).matches()) {
      return problem;
    }
    return found.group(1) + " something else (not repeated here: it may be a secret)";
  }

  /** Composes a YAML snippet such as an option's default into a node. */
  static Node composeValue(String yaml) {
    return new Compose(settings())
        .composeString(yaml)
        .orElseThrow(() -> new IllegalArgumentException("empty YAML: " + yaml));
  }

  /** The value at a key; empty when the key is absent or its value is empty or null. */
  Optional<Node> value(String key) {
    Entry entry = entries.get(key);
    return entry == null || isNull(entry.value()) ? Optional.empty() : Optional.of(entry.value());
  }

  /** The 1-based line of the key, or 0 when the key is absent. */
  int line(String key) {
    Entry entry = entries.get(key);
    return entry == null ? 0 : Problems.line(entry.key());
  }

  private static LoadSettings settings() {
    return LoadSettings.builder()
        .setSchema(new CoreSchema())
        .setMaxAliasesForCollections(50)
        .setCodePointLimit(1 << 20)
        .build();
  }

  private static boolean isNull(Node node) {
    return node instanceof ScalarNode && Tag.NULL.equals(node.getTag());
  }

  private record Walk(
      Set<String> sections, List<String> options, Map<String, Entry> entries, Problems problems) {
    void walk(String prefix, MappingNode mapping) {
      for (NodeTuple tuple : mapping.getValue()) {
        if (!(tuple.getKeyNode() instanceof ScalarNode keyNode)) {
          problems.add(
              prefix,
              tuple.getKeyNode(),
              "has a key that is "
                  + ValueType.describe(tuple.getKeyNode())
                  + " (keys are plain names such as host)");
          continue;
        }
        String key = prefix.isEmpty() ? keyNode.getValue() : prefix + "." + keyNode.getValue();
        Entry earlier = entries.get(key);
        if (earlier != null) {
          problems.add(
              key,
              keyNode,
              "appears twice, also on line " + Problems.line(earlier.key()) + " (keep one)");
          continue;
        }
        Node value = tuple.getValueNode();
        entries.put(key, new Entry(keyNode, value));
        if (sections.contains(key)) {
          if (value instanceof MappingNode section) {
            walk(key, section);
          } else if (!isNull(value)) {
            problems.add(
                key, value, "expected a section of keys but found " + ValueType.describe(value));
          }
        } else if (!options.contains(key)) {
          List<String> known = new ArrayList<>(sections);
          known.addAll(options);
          problems.add(
              key,
              keyNode,
              "unknown key"
                  + KeySuggestion.closest(key, known)
                      .map(suggestion -> " (did you mean " + suggestion + "?)")
                      .orElse(" (see docs/configuration.md for the keys)"));
        }
      }
    }
  }
}
