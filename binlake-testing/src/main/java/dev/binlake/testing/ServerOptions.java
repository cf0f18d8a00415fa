package dev.binlake.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code mariadbd} options of a throwaway server: binlake's defaults overlaid with a test's
 * own. An extra option replaces the default of the same name ({@code --binlog-format=STATEMENT});
 * {@code --skip-X} or {@code --disable-X} removes the default {@code --X} ({@code --skip-log-bin}).
 */
final class ServerOptions {
  /** Defaults besides the paths, port and user, which the server start adds itself. */
  static final List<String> DEFAULTS =
      List.of(
          "--bind-address=127.0.0.1",
          "--log-bin=mariadb-bin",
          "--binlog-format=ROW",
          "--binlog-row-image=FULL",
          // Column names, signedness and character sets in every table map: binlake's own binlog
          // reader needs them (Debezium reads its schema from DDL instead).
          "--binlog-row-metadata=FULL",
          "--server-id=1",
          "--innodb-buffer-pool-size=64M",
          "--innodb-log-file-size=16M",
          "--skip-name-resolve",
          "--character-set-server=utf8mb4",
          "--collation-server=utf8mb4_general_ci",
          "--max-connections=300",
          "--skip-performance-schema");

  private final Map<String, String> options = new LinkedHashMap<>();

  ServerOptions() {
    DEFAULTS.forEach(this::add);
  }

  /** Adds {@code option} (with its leading {@code --}), replacing a default of the same name. */
  ServerOptions add(String option) {
    if (!option.startsWith("--")) {
      throw new IllegalArgumentException(
          "Cannot use server option '" + option + "': it must start with -- (e.g. --log-bin)");
    }
    String base = baseName(nameOf(option));
    for (String prefix : List.of("", "skip-", "disable-", "enable-")) {
      options.remove(prefix + base);
    }
    options.put(nameOf(option), option);
    return this;
  }

  private static String baseName(String name) {
    for (String prefix : List.of("skip-", "disable-", "enable-")) {
      if (name.startsWith(prefix)) {
        return name.substring(prefix.length());
      }
    }
    return name;
  }

  List<String> asList() {
    return new ArrayList<>(options.values());
  }

  /** {@code --Binlog_Format=ROW} → {@code binlog-format}: mariadbd treats - and _ alike. */
  static String nameOf(String option) {
    int equals = option.indexOf('=');
    String name = equals < 0 ? option.substring(2) : option.substring(2, equals);
    return name.replace('_', '-').toLowerCase(Locale.ROOT);
  }
}
