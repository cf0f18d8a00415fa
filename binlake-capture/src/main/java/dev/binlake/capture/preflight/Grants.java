package dev.binlake.capture.preflight;

import java.util.ArrayList;
import java.util.List;

/** Which privileges capture needs that a user's {@code SHOW GRANTS} lines lack. */
final class Grants {
  private Grants() {}

  static List<String> missing(List<String> grants, boolean mariadb) {
    List<String> missing = new ArrayList<>();
    boolean all = grants.stream().anyMatch(g -> g.startsWith("GRANT ALL PRIVILEGES ON *.*"));
    if (all) {
      return missing;
    }
    List<String> global = grants.stream().filter(g -> g.contains(" ON *.* ")).toList();
    if (global.stream().noneMatch(g -> g.contains("REPLICATION SLAVE"))) {
      missing.add("REPLICATION SLAVE");
    }
    String monitor = mariadb ? "BINLOG MONITOR" : "REPLICATION CLIENT";
    boolean hasMonitor =
        global.stream()
            .anyMatch(
                g ->
                    g.contains("BINLOG MONITOR")
                        || g.contains("REPLICATION CLIENT")
                        || g.contains("SUPER"));
    if (!hasMonitor) {
      missing.add(monitor);
    }
    if (global.stream().noneMatch(g -> g.contains("RELOAD"))) {
      missing.add("RELOAD");
    }
    if (grants.stream().noneMatch(g -> g.contains("SELECT") || g.contains("ALL PRIVILEGES"))) {
      missing.add("SELECT");
    }
    return missing;
  }
}
