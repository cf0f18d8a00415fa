package dev.binlake.capture.binlog;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The server's collation ids (as the table map's character set metadata names them) and the Java
 * character set that decodes each, as Debezium decodes them (MySQL's latin1 is windows-1252).
 */
public final class Collations {
  /** The collation id of binary strings: their values stay bytes. */
  static final int BINARY = 63;

  private final Map<Integer, String> charsets;

  Collations(Map<Integer, String> charsets) {
    this.charsets = Map.copyOf(charsets);
  }

  public static Collations read(Connection connection) throws SQLException {
    Map<Integer, String> charsets = new HashMap<>();
    try (Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT ID, CHARACTER_SET_NAME FROM information_schema.COLLATIONS"
                    + " WHERE ID IS NOT NULL")) {
      while (rows.next()) {
        charsets.put(rows.getInt(1), rows.getString(2));
      }
    }
    return new Collations(charsets);
  }

  /** The Java character set of a collation; empty for binary and for sets not decoded here. */
  Optional<Charset> charset(int collation) {
    String name = charsets.get(collation);
    if (name == null) {
      return Optional.empty();
    }
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "utf8mb4", "utf8mb3", "utf8" -> Optional.of(StandardCharsets.UTF_8);
      case "latin1" -> Optional.of(Charset.forName("windows-1252"));
      case "ascii" -> Optional.of(StandardCharsets.US_ASCII);
      default -> Optional.empty();
    };
  }
}
