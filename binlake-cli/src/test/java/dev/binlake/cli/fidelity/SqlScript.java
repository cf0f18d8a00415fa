package dev.binlake.cli.fidelity;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/** Splits SQL scripts into statements the way their authors' tools run them. */
final class SqlScript {
  private SqlScript() {}

  /**
   * Debezium's test runner: replace {@code $DBNAME$}, drop lines starting with {@code --}, split on
   * {@code ;}, then turn {@code $$} back into {@code ;} (stored routines).
   */
  static List<String> debezium(Path script, String database) throws IOException {
    String text = Files.readString(script, StandardCharsets.UTF_8).replace("$DBNAME$", database);
    String kept =
        Arrays.stream(text.split("\n"))
            .filter(line -> !line.startsWith("--"))
            .collect(Collectors.joining("\n"));
    return Arrays.stream(kept.split(";"))
        .map(String::strip)
        .filter(s -> !s.isEmpty())
        .map(s -> s.replace("$$", ";"))
        .toList();
  }

  /**
   * The {@code mariadb} client's rules for dump files: {@code DELIMITER x} lines change the
   * terminator; a statement ends at a line ending with the terminator.
   */
  static List<String> client(Path script) throws IOException {
    List<String> statements = new ArrayList<>();
    String delimiter = ";";
    StringBuilder current = new StringBuilder();
    for (String line : Files.readAllLines(script, StandardCharsets.UTF_8)) {
      String trimmed = line.strip();
      if (current.length() == 0 && (trimmed.isEmpty() || trimmed.startsWith("--"))) {
        continue;
      }
      if (current.length() == 0 && trimmed.toUpperCase().startsWith("DELIMITER ")) {
        delimiter = trimmed.substring("DELIMITER ".length()).strip();
        continue;
      }
      current.append(line).append('\n');
      if (trimmed.endsWith(delimiter)) {
        String statement = current.toString().strip();
        statement = statement.substring(0, statement.length() - delimiter.length()).strip();
        if (!statement.isEmpty()) {
          statements.add(statement);
        }
        current.setLength(0);
      }
    }
    if (!current.toString().isBlank()) {
      statements.add(current.toString().strip());
    }
    return statements;
  }
}
