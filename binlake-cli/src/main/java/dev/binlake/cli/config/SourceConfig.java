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
 * @param columns columns to exclude or hash ({@code source.columns.*})
 * @param tls TLS to the source ({@code source.tls.*})
 * @param skipUnparseableDdl whether DDL Debezium cannot parse is skipped instead of stopping
 * @param onPurgedBinlog what capture does when the binlog it would resume from was purged
 * @param reader who reads the binlog while only row changes come ({@code source.reader})
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
    Flavor database,
    ColumnRulesConfig columns,
    SourceTlsConfig tls,
    boolean skipUnparseableDdl,
    OnPurgedBinlog onPurgedBinlog,
    Reader reader) {

  /** Who reads the binlog's row changes once the snapshot is done. */
  public enum Reader {
    /** Debezium's engine throughout. */
    DEBEZIUM,
    /** binlake's own binlog reader (experimental); Debezium for snapshots, DDL and the rest. */
    BINLAKE
  }

  /** What capture does when the binlog position it would resume from was purged. */
  public enum OnPurgedBinlog {
    /** Stop with exit 4 and the fix. */
    STOP,
    /** Take a new snapshot; history gets a TRUNCATE marker per table, then the rows again. */
    SNAPSHOT
  }

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

  static final ConfigOption<Boolean> SKIP_UNPARSEABLE_DDL =
      optional(
          "source.skip-unparseable-ddl",
          ValueType.bool(),
          "false",
          "What to do with a DDL statement Debezium cannot parse (also one of a table not"
              + " captured: the snapshot reads every table's definition): false stops capture and"
              + " shows the statement; true logs and skips it, and Debezium's idea of that table"
              + " then differs from the server's, so rows of that table may be wrong or stop"
              + " capture later (exclude such tables). A skipped statement stays in the schema"
              + " history in the state folder, which is read again at every start: keep true until"
              + " a new snapshot.");

  static final ConfigOption<OnPurgedBinlog> ON_PURGED_BINLOG =
      optional(
          "source.on-purged-binlog",
          ValueType.choice(OnPurgedBinlog.class, EnumSet.allOf(OnPurgedBinlog.class)),
          "stop",
          "What to do when the binlog position capture would resume from was purged on the"
              + " source (binlake was stopped longer than the source keeps binlogs): stop exits"
              + " with code 4 and says how to go on; snapshot takes a new snapshot of every"
              + " captured table, after a TRUNCATE marker per table in history, so the latest"
              + " views equal the source again (changes made while binlake was not reading are"
              + " not in history one by one).");

  static final ConfigOption<Reader> READER =
      optional(
          "source.reader",
          ValueType.choice(Reader.class, EnumSet.allOf(Reader.class)),
          "debezium",
          "Who reads the binlog once the snapshot is done (experimental): debezium reads"
              + " everything; binlake streams row changes with binlake's own binlog reader (several"
              + " times faster; MariaDB with binlog_row_metadata=FULL, without TLS or column rules)"
              + " and hands over to Debezium at DDL, snapshots and tables with types it does not"
              + " decode; where it cannot run at all, Debezium reads and the log says why.");

  static final List<ConfigOption<?>> OPTIONS =
      java.util.stream.Stream.of(
              List.<ConfigOption<?>>of(
                  HOST,
                  PORT,
                  USER,
                  PASSWORD,
                  SERVER_ID,
                  INCLUDE,
                  EXCLUDE,
                  CONNECT_TIMEOUT,
                  DATABASE,
                  SKIP_UNPARSEABLE_DDL,
                  ON_PURGED_BINLOG,
                  READER),
              ColumnRulesConfig.OPTIONS,
              SourceTlsConfig.OPTIONS)
          .flatMap(List::stream)
          .toList();

  public SourceConfig {
    requireNonNull(host, "host is null");
    requireNonNull(user, "user is null");
    requireNonNull(password, "password is null");
    requireNonNull(connectTimeout, "connectTimeout is null");
    requireNonNull(database, "database is null");
    requireNonNull(columns, "columns is null");
    requireNonNull(tls, "tls is null");
    requireNonNull(onPurgedBinlog, "onPurgedBinlog is null");
    requireNonNull(reader, "reader is null");
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
        values.get(DATABASE),
        ColumnRulesConfig.from(values),
        SourceTlsConfig.from(values),
        values.get(SKIP_UNPARSEABLE_DDL),
        values.get(ON_PURGED_BINLOG),
        values.get(READER));
  }

  List<Map.Entry<String, String>> crossChecks() {
    List<Map.Entry<String, String>> problems = new java.util.ArrayList<>(columns.crossChecks());
    problems.addAll(tls.crossChecks());
    return problems;
  }

  List<Map.Entry<String, String>> settings() {
    List<Map.Entry<String, String>> settings = new java.util.ArrayList<>(settingsOfSource());
    settings.add(SKIP_UNPARSEABLE_DDL.show(skipUnparseableDdl));
    settings.add(ON_PURGED_BINLOG.show(onPurgedBinlog));
    settings.add(READER.show(reader));
    settings.addAll(columns.settings());
    settings.addAll(tls.settings());
    return settings;
  }

  private List<Map.Entry<String, String>> settingsOfSource() {
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
