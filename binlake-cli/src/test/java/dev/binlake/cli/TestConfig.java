package dev.binlake.cli;

import dev.binlake.testing.ThrowawayMariaDb;
import java.util.ArrayList;
import java.util.List;

/** The text of a test's binlake.yaml: capture as root from a throwaway server, then any lines. */
public final class TestConfig {
  private TestConfig() {}

  /**
   * A {@code source:} section (root, no password) on {@code server} with {@code serverId} and one
   * include pattern, followed by {@code more} lines (which may continue the source section).
   */
  public static String yaml(
      ThrowawayMariaDb server, long serverId, String include, String... more) {
    List<String> lines = new ArrayList<>();
    lines.add("source:");
    lines.add("  host: 127.0.0.1");
    lines.add("  port: " + server.port());
    lines.add("  user: root");
    lines.add("  password: \"\"");
    lines.add("  server-id: " + serverId);
    lines.add("  include: [\"" + include + "\"]");
    lines.addAll(List.of(more));
    lines.add("");
    return String.join("\n", lines);
  }
}
