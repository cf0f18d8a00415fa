package dev.binlake.cli.config;

import dev.binlake.api.BinlakeException;
import dev.binlake.api.ErrorCode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.nodes.Node;

/** Collects every problem of one config file, to report them all in one exception. */
final class Problems {
  private final List<Problem> problems = new ArrayList<>();

  void add(String key, int line, String message) {
    problems.add(new Problem(key, line, 0, message));
  }

  void add(String key, Node node, String message) {
    add(key, line(node), message);
  }

  void addSyntax(Optional<Mark> mark, String message) {
    problems.add(
        new Problem(
            "",
            mark.map(m -> m.getLine() + 1).orElse(0),
            mark.map(m -> m.getColumn() + 1).orElse(0),
            message));
  }

  void addSyntax(int line, int column, String message) {
    problems.add(new Problem("", line, column, message));
  }

  List<Problem> list() {
    return List.copyOf(problems);
  }

  /**
   * Throws one {@link ErrorCode#CONFIG_INVALID} exception listing every problem, in file order
   * (problems without a line last); does nothing when there is none.
   */
  void throwIfAny(Path file) {
    if (problems.isEmpty()) {
      return;
    }
    StringBuilder message =
        new StringBuilder()
            .append(problems.size())
            .append(problems.size() == 1 ? " problem" : " problems");
    problems.stream()
        .sorted(Comparator.comparingInt(p -> p.line() == 0 ? Integer.MAX_VALUE : p.line()))
        .forEach(p -> message.append("\n  - ").append(p.render()));
    throw new BinlakeException(ErrorCode.CONFIG_INVALID, "Cannot use config %s: %s", file, message);
  }

  /** The 1-based line where a node starts, or 0 when unknown. */
  static int line(Node node) {
    return node == null ? 0 : node.getStartMark().map(m -> m.getLine() + 1).orElse(0);
  }
}
