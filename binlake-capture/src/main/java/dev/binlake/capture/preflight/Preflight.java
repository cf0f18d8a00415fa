package dev.binlake.capture.preflight;

import dev.binlake.api.BinlakeException;
import dev.binlake.api.ErrorCode;
import dev.binlake.capture.BinlogPosition;
import dev.binlake.capture.SourceSettings;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/** Runs the source checks; the first failing one throws with what to do. */
public final class Preflight {
  private final SourceSettings source;

  public Preflight(SourceSettings source) {
    this.source = source;
  }

  public static Connection connect(SourceSettings source) {
    Properties props = new Properties();
    props.setProperty("user", source.user());
    props.setProperty("password", source.password());
    props.setProperty("connectTimeout", Long.toString(source.connectTimeout().toMillis()));
    source.tls().addJdbcProperties(props);
    String url = "jdbc:mariadb://" + source.host() + ":" + source.port() + "/";
    try {
      return DriverManager.getConnection(url, props);
    } catch (SQLException e) {
      throw ConnectFailure.describe(e, source, url, props);
    }
  }

  /** Checks everything and returns what capture needs to know. */
  public SourceFacts check() {
    try (Connection connection = connect(source);
        Statement statement = connection.createStatement()) {
      Map<String, String> vars = variables(statement);
      String version = vars.getOrDefault("version", "");
      SourceSettings.Flavor flavor =
          version.toLowerCase(Locale.ROOT).contains("mariadb")
              ? SourceSettings.Flavor.MARIADB
              : SourceSettings.Flavor.MYSQL;
      checkBinlog(vars);
      long serverId = Long.parseLong(vars.getOrDefault("server_id", "0"));
      if (serverId == source.serverId()) {
        throw new BinlakeException(
            ErrorCode.SERVER_ID_CLASH,
            "Cannot capture from %s: source.server-id %d is the source server's own server_id"
                + " (set source.server-id to a number that no server or replica uses)",
            source.address(),
            serverId);
      }
      checkReplicaIds(statement);
      checkGrants(statement, flavor);
      return new SourceFacts(flavor, version, serverId, binlogEnd(statement));
    } catch (SQLException e) {
      throw new BinlakeException(
          ErrorCode.SOURCE_UNREACHABLE,
          "Cannot check source %s: %s",
          source.address(),
          firstLine(e.getMessage()));
    }
  }

  private static Map<String, String> variables(Statement statement) throws SQLException {
    Map<String, String> vars = new HashMap<>();
    try (ResultSet rs =
        statement.executeQuery(
            "SHOW GLOBAL VARIABLES WHERE Variable_name IN ('version', 'log_bin', 'binlog_format',"
                + " 'binlog_row_image', 'server_id')")) {
      while (rs.next()) {
        vars.put(rs.getString(1).toLowerCase(Locale.ROOT), rs.getString(2));
      }
    }
    return vars;
  }

  private void checkBinlog(Map<String, String> vars) {
    if (!"ON".equalsIgnoreCase(vars.get("log_bin"))) {
      throw new BinlakeException(
          ErrorCode.BINLOG_DISABLED,
          "Cannot capture from %s: binary logging is off (start the server with --log-bin"
              + " --binlog-format=ROW --binlog-row-image=FULL, or set them in my.cnf, and restart"
              + " it)",
          source.address());
    }
    String format = vars.getOrDefault("binlog_format", "");
    if (!"ROW".equalsIgnoreCase(format)) {
      throw new BinlakeException(
          ErrorCode.BINLOG_NOT_ROW_BASED,
          "Cannot capture from %s: binlog_format is %s (set binlog_format=ROW and"
              + " binlog_row_image=FULL, then restart the server)",
          source.address(),
          format);
    }
    String image = vars.getOrDefault("binlog_row_image", "");
    if (!"FULL".equalsIgnoreCase(image)) {
      throw new BinlakeException(
          ErrorCode.BINLOG_ROW_IMAGE_NOT_FULL,
          "Cannot capture from %s: binlog_row_image is %s (set binlog_row_image=FULL, then restart"
              + " the server)",
          source.address(),
          image);
    }
  }

  private void checkReplicaIds(Statement statement) {
    try (ResultSet rs = statement.executeQuery("SHOW SLAVE HOSTS")) {
      while (rs.next()) {
        if (rs.getLong("Server_id") == source.serverId()) {
          throw new BinlakeException(
              ErrorCode.SERVER_ID_CLASH,
              "Cannot capture from %s: a replica with server id %d is already connected (set"
                  + " source.server-id to a number that no other replica uses)",
              source.address(),
              source.serverId());
        }
      }
    } catch (SQLException e) {
      // Listing replicas needs an extra privilege; without it the clash shows when capture starts.
    }
  }

  private void checkGrants(Statement statement, SourceSettings.Flavor flavor) throws SQLException {
    List<String> grants = new ArrayList<>();
    try (ResultSet rs = statement.executeQuery("SHOW GRANTS FOR CURRENT_USER()")) {
      while (rs.next()) {
        grants.add(rs.getString(1).toUpperCase(Locale.ROOT));
      }
    }
    List<String> missing = Grants.missing(grants, flavor == SourceSettings.Flavor.MARIADB);
    if (!missing.isEmpty()) {
      throw new BinlakeException(
          ErrorCode.MISSING_GRANTS,
          "Cannot capture from %s as '%s': missing privileges %s (run: GRANT %s ON *.* TO '%s'@'%%';"
              + " SELECT may instead be granted per database)",
          source.address(),
          source.user(),
          missing,
          String.join(", ", missing),
          source.user());
    }
  }

  private BinlogPosition binlogEnd(Statement statement) throws SQLException {
    try (ResultSet rs = statement.executeQuery("SHOW MASTER STATUS")) {
      if (!rs.next()) {
        throw new BinlakeException(
            ErrorCode.BINLOG_DISABLED,
            "Cannot read the binlog position of %s: SHOW MASTER STATUS returned nothing (is"
                + " --log-bin set?)",
            source.address());
      }
      return new BinlogPosition(rs.getString(1), rs.getLong(2));
    }
  }

  /** The current end of the source's binlog: everything committed so far lies before it. */
  public static BinlogPosition currentBinlogEnd(SourceSettings source) {
    try (Connection connection = connect(source);
        Statement statement = connection.createStatement()) {
      return new Preflight(source).binlogEnd(statement);
    } catch (SQLException e) {
      throw new BinlakeException(
          ErrorCode.SOURCE_UNREACHABLE,
          "Cannot read the binlog position of %s: %s",
          source.address(),
          firstLine(e.getMessage()));
    }
  }

  /** The binlog files the source still has ({@code SHOW BINARY LOGS}), oldest first. */
  public static List<String> binlogFiles(SourceSettings source) {
    try (Connection connection = connect(source);
        Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("SHOW BINARY LOGS")) {
      List<String> files = new ArrayList<>();
      while (rs.next()) {
        files.add(rs.getString(1));
      }
      return files;
    } catch (SQLException e) {
      throw new BinlakeException(
          ErrorCode.SOURCE_UNREACHABLE,
          "Cannot list the binlog files of %s: %s (the user needs BINLOG MONITOR or REPLICATION"
              + " CLIENT)",
          source.address(),
          firstLine(e.getMessage()));
    }
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unknown error";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
