package dev.binlake.cli.config;

import java.util.List;
import org.snakeyaml.engine.v2.nodes.Node;

/** A value that does not fit its option: one or more issues, each at a node of the file. */
final class InvalidValueException extends Exception {
  private static final long serialVersionUID = 1L;

  /**
   * @param node where the issue is (for its line), or null
   * @param message what is wrong and what to do, without the key and never with a secret
   */
  record Issue(Node node, String message) {}

  private final transient List<Issue> issues;

  InvalidValueException(Node node, String message) {
    this(List.of(new Issue(node, message)));
  }

  InvalidValueException(List<Issue> issues) {
    super(issues.get(0).message(), null, false, false);
    this.issues = List.copyOf(issues);
  }

  List<Issue> issues() {
    return issues;
  }
}
