package dev.binlake.capture;

import dev.binlake.api.BinlakeException;
import dev.binlake.api.ErrorCode;
import dev.binlake.capture.preflight.Preflight;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A DDL statement Debezium's parser rejected: the message shows the statement, where it is in the
 * binlog (found with {@code SHOW BINLOG EVENTS} after the last position capture reached) and what
 * to do.
 */
final class UnparseableDdl {
  private static final Logger LOG = LoggerFactory.getLogger(UnparseableDdl.class);
  private static final Pattern STATEMENT =
      Pattern.compile("with the statement '(.*?)'\\n(.*)$", Pattern.DOTALL);
  private static final int MAX_EVENTS = 1_000_000;
  private static final int MAX_FILES = 3;

  private UnparseableDdl() {}

  static boolean matches(String text) {
    return text.contains("DDL statement couldn't be parsed");
  }

  static BinlakeException describe(
      Throwable error, String text, SourceSettings source, Optional<BinlogPosition> after) {
    Matcher matcher = STATEMENT.matcher(text);
    String statement = matcher.find() ? matcher.group(1) : "(statement not reported)";
    String parser = statement.startsWith("(") ? "" : firstLine(matcher.group(2));
    for (String tail : List.of(": DDL statement couldn't be parsed", ": null")) {
      int cut = parser.indexOf(tail);
      if (cut >= 0) {
        parser = parser.substring(0, cut);
      }
    }
    String where =
        locate(source, statement, after)
            .map(p -> "at " + p)
            .orElse(
                after
                    .map(p -> "after " + p)
                    .orElse(
                        "while reading the definitions of the server's tables for the snapshot"
                            + " (Debezium reads every table's, also of tables not captured)"));
    return new BinlakeException(
        ErrorCode.CAPTURE_FAILED,
        error,
        "Cannot parse a DDL statement of %s %s: %s (Debezium's parser: %s)."
            + " Capture stopped there; no change after the last stored file was written. To go"
            + " on, set source.skip-unparseable-ddl: true and run again: the statement is then"
            + " skipped, so Debezium's idea of that table no longer matches the server (exclude"
            + " the table with source.exclude if you do not need it); keep the option on: binlake's"
            + " schema history keeps the statement and reads it again at every start)",
        source.address(),
        where,
        statement,
        parser.isBlank() ? "syntax not supported" : parser);
  }

  /** The position of the first Query event after {@code after} that holds the statement. */
  static Optional<BinlogPosition> locate(
      SourceSettings source, String statement, Optional<BinlogPosition> after) {
    try (Connection connection = Preflight.connect(source);
        Statement sql = connection.createStatement()) {
      List<String> files = new ArrayList<>();
      try (ResultSet rows = sql.executeQuery("SHOW BINARY LOGS")) {
        while (rows.next()) {
          files.add(rows.getString(1));
        }
      }
      int first =
          after.map(p -> files.indexOf(p.file())).filter(i -> i >= 0).orElse(files.size() - 1);
      int events = 0;
      for (int i = Math.max(first, 0); i < files.size() && i < first + MAX_FILES; i++) {
        String file = files.get(i);
        long from =
            after.filter(p -> p.file().equals(file)).map(BinlogPosition::position).orElse(0L);
        try (ResultSet rows =
            sql.executeQuery(
                "SHOW BINLOG EVENTS IN '" + file.replace("'", "''") + "' LIMIT " + MAX_EVENTS)) {
          while (rows.next() && events++ < MAX_EVENTS) {
            long pos = rows.getLong("Pos");
            String info = rows.getString("Info");
            if (pos >= from
                && "Query".equalsIgnoreCase(rows.getString("Event_type"))
                && info != null
                && info.contains(statement)) {
              return Optional.of(new BinlogPosition(file, pos));
            }
          }
        }
      }
    } catch (SQLException | RuntimeException e) {
      LOG.debug("Cannot find the unparseable statement in the binlog: {}", e.toString());
    }
    return Optional.empty();
  }

  private static String firstLine(String text) {
    String trimmed = text.strip();
    int newline = trimmed.indexOf('\n');
    return newline < 0 ? trimmed : trimmed.substring(0, newline);
  }
}
