package dev.binlake.cli.config;

import static dev.binlake.cli.config.ConfigOption.optional;
import static dev.binlake.cli.config.ConfigOption.required;
import static java.util.Objects.requireNonNull;

import dev.binlake.api.TableId;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The MySQL or MariaDB server to capture from ({@code source.*}).
 *
 * @param include tables to capture; the default {@code ["%.%"]} means every table of every
 *     database, except that the system databases ({@link #SYSTEM_DATABASES}) are never captured
 * @param exclude tables not to capture even though {@code include} matches them
 * @param database which server the source is; {@link Flavor#AUTO} detects it on connect
 */
public record SourceConfig(
    String host,
    int port,
    String user,
    Secret password,
    long serverId,
    List<TablePattern> include,
    List<TablePattern> exclude,
    Duration connectTimeout,
    Flavor database) {

  /** Which server the source is, picking the Debezium connector. */
  public enum Flavor {
    AUTO,
    MARIADB,
    MYSQL
  }

  public static final long MAX_SERVER_ID = 4_294_967_295L;
  public static final Duration MIN_CONNECT_TIMEOUT = Duration.ofMillis(100);
  public static final Set<String> SYSTEM_DATABASES =
      Set.of("mysql", "information_schema", "performance_schema", "sys");

  static final ConfigOption<String> HOST =
      required(
          "source.host",
          ValueType.text(),
          "Host name or IP address of the MySQL or MariaDB server to capture from.");
  static final ConfigOption<Integer> PORT =
      optional("source.port", ValueType.integer(1, 65535), "3306", "TCP port of the server.");
  static final ConfigOption<String> USER =
      required(
          "source.user",
          ValueType.text(),
          "User to connect as. It needs SELECT, RELOAD (for the snapshot's brief table lock),"
              + " REPLICATION SLAVE and REPLICATION CLIENT (BINLOG MONITOR on MariaDB).");
  static final ConfigOption<Secret> PASSWORD =
      required(
          "source.password",
          ValueType.secret(),
          "Password of the user (\"\" for none). Write ${env:NAME} to take it from an"
              + " environment variable. Never printed.");
  static final ConfigOption<Long> SERVER_ID =
      required(
          "source.server-id",
          ValueType.wholeNumber(1, MAX_SERVER_ID),
          "Server id binlake uses as a replica of the source, 1 to 4294967295. It must differ"
              + " from the server_id of the source and of every other replica.");
  static final ConfigOption<List<TablePattern>> INCLUDE =
      optional(
          "source.include",
          ValueType.tablePatterns(),
          "[\"%.%\"]",
          "Tables to capture, as database.table patterns where % matches any run of characters"
              + " and _ one character (case-sensitive). The system databases mysql,"
              + " information_schema, performance_schema and sys are never captured.");
  static final ConfigOption<List<TablePattern>> EXCLUDE =
      optional(
          "source.exclude",
          ValueType.tablePatterns(),
          "[]",
          "Tables not to capture even though include matches them, as database.table patterns.");
  static final ConfigOption<Duration> CONNECT_TIMEOUT =
      optional(
          "source.connect-timeout",
          ValueType.duration(MIN_CONNECT_TIMEOUT),
          "10s",
          "How long to wait for a connection to the server.");
  static final ConfigOption<Flavor> DATABASE =
      optional(
          "source.database",
          ValueType.choice(Flavor.class, EnumSet.allOf(Flavor.class)),
          "auto",
          "Which server the source is: auto detects it on connect; mariadb or mysql skips the"
              + " detection.");

  static final List<ConfigOption<?>> OPTIONS =
      List.of(HOST, PORT, USER, PASSWORD, SERVER_ID, INCLUDE, EXCLUDE, CONNECT_TIMEOUT, DATABASE);

  public SourceConfig {
    requireNonNull(host, "host is null");
    requireNonNull(user, "user is null");
    requireNonNull(password, "password is null");
    requireNonNull(connectTimeout, "connectTimeout is null");
    requireNonNull(database, "database is null");
    include = List.copyOf(include);
    exclude = List.copyOf(exclude);
    if (host.isBlank() || user.isBlank()) {
      throw new IllegalArgumentException("host and user must not be blank");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port must be 1 to 65535: " + port);
    }
    if (serverId < 1 || serverId > MAX_SERVER_ID) {
      throw new IllegalArgumentException(
          "serverId must be 1 to " + MAX_SERVER_ID + ": " + serverId);
    }
    if (connectTimeout.compareTo(MIN_CONNECT_TIMEOUT) < 0) {
      throw new IllegalArgumentException(
          "connectTimeout must be at least 100ms: " + connectTimeout);
    }
  }

  /** Whether a table is captured: included, not excluded, not in a system database. */
  public boolean captures(TableId table) {
    return !SYSTEM_DATABASES.contains(table.schema())
        && include.stream().anyMatch(pattern -> pattern.matches(table))
        && exclude.stream().noneMatch(pattern -> pattern.matches(table));
  }

  static SourceConfig from(OptionValues values) {
    return new SourceConfig(
        values.get(HOST),
        values.get(PORT),
        values.get(USER),
        values.get(PASSWORD),
        values.get(SERVER_ID),
        values.get(INCLUDE),
        values.get(EXCLUDE),
        values.get(CONNECT_TIMEOUT),
        values.get(DATABASE));
  }

  List<Map.Entry<String, String>> settings() {
    return List.of(
        HOST.show(host),
        PORT.show(port),
        USER.show(user),
        PASSWORD.show(password),
        SERVER_ID.show(serverId),
        INCLUDE.show(include),
        EXCLUDE.show(exclude),
        CONNECT_TIMEOUT.show(connectTimeout),
        DATABASE.show(database));
  }
}
