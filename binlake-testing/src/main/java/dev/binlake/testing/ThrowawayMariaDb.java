package dev.binlake.testing;

import static java.util.Objects.requireNonNull;

import dev.binlake.api.BinlakeException;
import dev.binlake.api.ErrorCode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A private MariaDB server for one test run (or one {@code binlake demo}): its own temporary data
 * folder, socket and pid file, a free port on 127.0.0.1 (never 3306), binlog on with {@code
 * binlog_format=ROW} and {@code binlog_row_image=FULL}, and a {@code root} user with an empty
 * password. {@link #close()} kills the server and deletes its folder; a JVM shutdown hook does the
 * same when a test run ends without closing, and the next start removes servers that a killed JVM
 * left behind.
 *
 * <pre>{@code
 * try (ThrowawayMariaDb db = ThrowawayMariaDb.builder().serverArgs("--server-id=7").start()) {
 *   String shop = db.createDatabase("shop");
 *   db.executeIn(shop, "CREATE TABLE t (id INT PRIMARY KEY)", "INSERT INTO t VALUES (1)");
 * }
 * }</pre>
 */
public final class ThrowawayMariaDb implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ThrowawayMariaDb.class);
  private static final String HOST = "127.0.0.1";
  private static final String ROOT = "root";
  private static final Pattern VARIABLE_NAME = Pattern.compile("[A-Za-z0-9_]+");
  private static final int PORT_ATTEMPTS = 5;

  private final MariaDbDistribution distribution;
  private final List<String> options;
  private final Duration startupTimeout;
  private final Path root;
  private final AtomicInteger databases = new AtomicInteger();
  private final Thread shutdownHook;
  private Process process;
  private int port;
  private boolean closed;

  private ThrowawayMariaDb(Builder builder) throws IOException {
    this.distribution = builder.distribution;
    this.options = builder.options.asList();
    this.startupTimeout = builder.startupTimeout;
    StaleServers.sweepOnce();
    this.root = Files.createTempDirectory(StaleServers.FOLDER_PREFIX);
    Files.writeString(
        root.resolve(StaleServers.OWNER_FILE), Long.toString(ProcessHandle.current().pid()));
    this.shutdownHook = new Thread(this::closeQuietly, "throwaway-mariadb-shutdown");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Starts a server with the defaults: ROW binlog, FULL row image, server id 1. */
  public static ThrowawayMariaDb start() {
    return builder().start();
  }

  public String host() {
    return HOST;
  }

  public int port() {
    return port;
  }

  public String rootUser() {
    return ROOT;
  }

  public String rootPassword() {
    return "";
  }

  /** {@code jdbc:mariadb://127.0.0.1:<port>/} (no default database). */
  public String jdbcUrl() {
    return jdbcUrl("");
  }

  public String jdbcUrl(String database) {
    return "jdbc:mariadb://" + HOST + ":" + port + "/" + requireNonNull(database, "database");
  }

  /** The server's data folder ({@code datadir}); binlog files live here too. */
  public Path dataDir() {
    return root.resolve("data");
  }

  /** The server's error log, quoted in start failures. */
  public Path errorLog() {
    return root.resolve("error.log");
  }

  public MariaDbDistribution distribution() {
    return distribution;
  }

  public synchronized boolean isRunning() {
    return process != null && process.isAlive();
  }

  /** A new connection as root; the caller closes it. */
  public Connection connect() {
    return connect("");
  }

  /** A new connection as root with {@code database} as default database; the caller closes it. */
  public Connection connect(String database) {
    try {
      return DriverManager.getConnection(jdbcUrl(database), rootProperties());
    } catch (SQLException e) {
      throw new BinlakeException(
          ErrorCode.SOURCE_UNREACHABLE,
          e,
          "Cannot connect to throwaway MariaDB at %s: %s (is it still running? see %s)",
          jdbcUrl(database),
          e.getMessage(),
          errorLog());
    }
  }

  /** Runs each statement in order as root, without a default database. */
  public void execute(String... sql) {
    executeIn("", sql);
  }

  /** Runs each statement in order as root, in {@code database}. */
  public void executeIn(String database, String... sql) {
    try (Connection connection = connect(database);
        Statement statement = connection.createStatement()) {
      for (String one : sql) {
        try {
          statement.execute(one);
        } catch (SQLException e) {
          throw new BinlakeException(
              ErrorCode.INTERNAL,
              e,
              "Cannot execute on throwaway MariaDB: %s (statement: %s)",
              e.getMessage(),
              one);
        }
      }
    } catch (SQLException e) {
      throw new BinlakeException(
          ErrorCode.INTERNAL,
          e,
          "Cannot close connection to throwaway MariaDB: %s",
          e.getMessage());
    }
  }

  /** A global server variable's value, e.g. {@code variable("binlog_format")} → {@code ROW}. */
  public String variable(String name) {
    if (!VARIABLE_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("Cannot read variable '" + name + "': not a name");
    }
    try (Connection connection = connect();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT @@GLOBAL." + name)) {
      rows.next();
      return rows.getString(1);
    } catch (SQLException e) {
      throw new BinlakeException(
          ErrorCode.INTERNAL, e, "Cannot read variable %s: %s", name, e.getMessage());
    }
  }

  /**
   * Creates a database named after {@code prefix} plus a number unique on this server ({@code shop}
   * → {@code shop_1}) and returns its name.
   */
  public String createDatabase(String prefix) {
    String clean = prefix.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
    if (clean.isEmpty()) {
      clean = "db";
    }
    if (clean.length() > 48) {
      clean = clean.substring(0, 48);
    }
    String name = clean + "_" + databases.incrementAndGet();
    execute("CREATE DATABASE `" + name + "`");
    return name;
  }

  /** Stops the server cleanly (SIGTERM, then SIGKILL after a minute); the data stays. */
  public synchronized void stop() {
    if (process == null) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        log.warn("MariaDB on port {} did not stop within 60 s; killing it", port);
        kill();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      kill();
    }
    process = null;
  }

  /** Stops the server (if running) and starts it again on the same data folder and port. */
  public synchronized void restart() {
    requireOpen();
    stop();
    launch(port);
  }

  /** Kills the server and deletes its folder. Safe to call twice. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    kill();
    process = null;
    TreeDeletion.delete(root);
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // the JVM is shutting down: this very call may come from the hook
    }
  }

  private void closeQuietly() {
    try {
      close();
    } catch (RuntimeException e) {
      log.warn("Cannot clean up throwaway MariaDB in {}: {}", root, e.getMessage());
    }
  }

  private void kill() {
    Process current = process;
    if (current == null) {
      return;
    }
    current.descendants().forEach(ProcessHandle::destroyForcibly);
    current.destroyForcibly();
    try {
      current.waitFor(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException("Cannot use throwaway MariaDB: it is closed");
    }
  }

  private void initialize() {
    long started = System.nanoTime();
    ProcessRun.run(installDbCommand(), root.resolve("install.log"), Duration.ofMinutes(3));
    launch(0);
    // Anonymous users would shadow password-less users created by tests; keep them out of the
    // binlog.
    execute(
        "SET SESSION sql_log_bin = 0",
        "DELETE FROM mysql.global_priv WHERE User = ''",
        "FLUSH PRIVILEGES");
    log.info(
        "Started throwaway MariaDB ({}) on {}:{} in {} ms, data in {}",
        distribution.name(),
        HOST,
        port,
        Duration.ofNanos(System.nanoTime() - started).toMillis(),
        dataDir());
  }

  /** Starts mariadbd on {@code wantedPort}, or on a free port when 0 or when that one is taken. */
  private void launch(int wantedPort) {
    for (int attempt = 1; ; attempt++) {
      port = wantedPort > 0 && attempt == 1 ? wantedPort : freePort();
      try {
        Files.deleteIfExists(errorLog());
        process =
            new ProcessBuilder(serverCommand())
                .redirectErrorStream(true)
                .redirectOutput(root.resolve("mariadbd.out").toFile())
                .start();
      } catch (IOException e) {
        throw startFailure("cannot run " + distribution.server() + ": " + e.getMessage(), e);
      }
      ServerReadiness readiness = awaitReady();
      if (readiness == ServerReadiness.READY) {
        return;
      }
      if (readiness == ServerReadiness.PORT_TAKEN && attempt < PORT_ATTEMPTS) {
        log.info("Port {} was taken meanwhile; retrying MariaDB on another port", port);
        continue;
      }
      kill();
      throw startFailure("the server exited or did not accept connections", null);
    }
  }

  private enum ServerReadiness {
    READY,
    PORT_TAKEN,
    FAILED
  }

  private ServerReadiness awaitReady() {
    long deadline = System.nanoTime() + startupTimeout.toNanos();
    Properties properties = rootProperties();
    properties.setProperty("connectTimeout", "1000");
    SQLException last = null;
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        return errorLogTail().contains("already in use")
            ? ServerReadiness.PORT_TAKEN
            : ServerReadiness.FAILED;
      }
      try (Connection connection = DriverManager.getConnection(jdbcUrl(), properties)) {
        if (connection.isValid(1)) {
          return ServerReadiness.READY;
        }
      } catch (SQLException e) {
        last = e;
      }
      try {
        Thread.sleep(100); // polling a starting server; nothing to wait on instead
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return ServerReadiness.FAILED;
      }
    }
    log.warn("MariaDB did not accept connections within {}: {}", startupTimeout, last);
    return ServerReadiness.FAILED;
  }

  private List<String> installDbCommand() {
    List<String> command = new ArrayList<>();
    command.add(distribution.installDb().toString());
    command.add("--no-defaults");
    distribution.baseDir().ifPresent(base -> command.add("--basedir=" + base));
    command.add("--datadir=" + dataDir());
    command.add("--auth-root-authentication-method=normal");
    command.add("--skip-test-db");
    command.add("--skip-name-resolve");
    userOption().ifPresent(command::add);
    return command;
  }

  private List<String> serverCommand() {
    List<String> command = new ArrayList<>();
    command.add(distribution.server().toString());
    command.add("--no-defaults"); // must come first: ignore /etc/mysql and ~/.my.cnf
    distribution.baseDir().ifPresent(base -> command.add("--basedir=" + base));
    command.add("--datadir=" + dataDir());
    command.add("--port=" + port);
    command.add("--socket=" + root.resolve("mariadbd.sock"));
    command.add("--pid-file=" + root.resolve(StaleServers.PID_FILE));
    command.add("--log-error=" + errorLog());
    command.add("--tmpdir=" + root);
    userOption().ifPresent(command::add);
    command.addAll(options);
    return command;
  }

  /** mariadbd refuses to run as root unless told so; these machines run everything as root. */
  private static Optional<String> userOption() {
    return "root".equals(System.getProperty("user.name"))
        ? Optional.of("--user=root")
        : Optional.empty();
  }

  private static int freePort() {
    for (int i = 0; i < 20; i++) {
      try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
        int port = socket.getLocalPort();
        if (port != 3306) {
          return port;
        }
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot find a free port on " + HOST, e);
      }
    }
    throw new IllegalStateException("Cannot find a free port on " + HOST + " other than 3306");
  }

  private Properties rootProperties() {
    Properties properties = new Properties();
    properties.setProperty("user", ROOT);
    properties.setProperty("password", "");
    return properties;
  }

  private BinlakeException startFailure(String why, Exception cause) {
    String message =
        String.format(
            "Cannot start throwaway MariaDB (%s) on port %d: %s (see the error log below, %s)%n%s",
            distribution.server(), port, why, errorLog(), errorLogTail());
    return cause == null
        ? new BinlakeException(ErrorCode.SOURCE_UNREACHABLE, "%s", message)
        : new BinlakeException(ErrorCode.SOURCE_UNREACHABLE, cause, "%s", message);
  }

  private String errorLogTail() {
    return ProcessRun.tail(errorLog(), 30) + ProcessRun.tail(root.resolve("mariadbd.out"), 10);
  }

  /** Options for a server to start; {@link #start()} blocks until it accepts connections. */
  public static final class Builder {
    private final ServerOptions options = new ServerOptions();
    private MariaDbDistribution distribution;
    private Duration startupTimeout = Duration.ofSeconds(90);

    private Builder() {}

    /**
     * Extra {@code mariadbd} options, each replacing binlake's default of the same name: {@code
     * --binlog-format=STATEMENT}, {@code --binlog-row-image=MINIMAL}, {@code --skip-log-bin},
     * {@code --default-time-zone=+02:00}, {@code --server-id=7}.
     */
    public Builder serverArgs(String... args) {
      for (String arg : args) {
        options.add(arg);
      }
      return this;
    }

    /**
     * Serves TLS with these certificates ({@code --ssl-ca}, {@code --ssl-cert}, {@code --ssl-key});
     * root still connects without TLS.
     */
    public Builder tls(TestCertificates certificates) {
      return serverArgs(
          "--ssl-ca=" + certificates.caCertificate(),
          "--ssl-cert=" + certificates.serverCertificate(),
          "--ssl-key=" + certificates.serverKey());
    }

    /** Which binaries to run; default {@link MariaDbDistribution#fromEnvironment()}. */
    public Builder distribution(MariaDbDistribution distribution) {
      this.distribution = requireNonNull(distribution, "distribution is null");
      return this;
    }

    public Builder startupTimeout(Duration timeout) {
      this.startupTimeout = requireNonNull(timeout, "timeout is null");
      return this;
    }

    /** Creates the data folder, starts the server and waits until root can connect. */
    public ThrowawayMariaDb start() {
      if (distribution == null) {
        distribution = MariaDbDistribution.fromEnvironment();
      }
      ThrowawayMariaDb server;
      try {
        server = new ThrowawayMariaDb(this);
      } catch (IOException e) {
        throw new BinlakeException(
            ErrorCode.SOURCE_UNREACHABLE,
            e,
            "Cannot create a folder for throwaway MariaDB: %s (check java.io.tmpdir=%s)",
            e.getMessage(),
            System.getProperty("java.io.tmpdir"));
      }
      try {
        server.initialize();
        return server;
      } catch (RuntimeException e) {
        server.closeQuietly();
        throw e;
      }
    }
  }
}
