package dev.binlake.events.rabbitmq;

import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;

/**
 * A throwaway RabbitMQ node for outage tests: its own node name, AMQP and distribution ports on
 * loopback, and its own config, data, log and home folders under {@code dir}, with no plugins, so
 * the machine's RabbitMQ is left alone. It can be stopped or killed and started again, on the same
 * data (its durable queues survive) or after {@link #deleteData}; {@link #close} stops it for good,
 * as does a shutdown hook if the JVM exits first.
 */
final class RabbitMqNode implements AutoCloseable {
  /** Debian's /usr/sbin scripts switch to the rabbitmq user and reset HOME: run the real ones. */
  private static final Path DEBIAN_SCRIPTS = Path.of("/usr/lib/rabbitmq/bin");

  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

  private final Path script;
  private final Path dir;
  private final String name;
  private final int port;
  private final int distributionPort;
  private final Thread shutdownHook = new Thread(this::kill, "rabbitmq-node-shutdown");
  private Process process;

  private RabbitMqNode(Path script, Path dir) throws IOException {
    this.script = script;
    this.dir = dir;
    this.name = "binlake-it-" + UUID.randomUUID().toString().substring(0, 8) + "@localhost";
    this.port = freePort();
    this.distributionPort = freePort();
    for (String folder : List.of("home", "mnesia", "log")) {
      Files.createDirectories(dir.resolve(folder));
    }
    Files.writeString(dir.resolve("rabbitmq.conf"), "# listeners: RABBITMQ_NODE_PORT\n");
    Files.writeString(dir.resolve("rabbitmq-env.conf"), "");
    Files.writeString(dir.resolve("enabled_plugins"), "[].\n");
  }

  /** The rabbitmq-server script to run, or empty if RabbitMQ is not installed. */
  static Optional<Path> serverScript() {
    Path debian = DEBIAN_SCRIPTS.resolve("rabbitmq-server");
    if (Files.isExecutable(debian)) {
      return Optional.of(debian);
    }
    for (String folder : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path candidate = Path.of(folder, "rabbitmq-server");
      if (!folder.isEmpty() && Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /** Starts a node keeping its files in {@code dir}; waits until it accepts AMQP connections. */
  static RabbitMqNode start(Path script, Path dir) throws IOException {
    RabbitMqNode node = new RabbitMqNode(script, dir);
    Runtime.getRuntime().addShutdownHook(node.shutdownHook);
    boolean started = false;
    try {
      node.start();
      started = true;
      return node;
    } finally {
      if (!started) {
        node.close(); // a node that did not come up is not left running
      }
    }
  }

  /** amqp://guest:guest@127.0.0.1:port/%2F (guest may connect over loopback). */
  URI uri() {
    return URI.create("amqp://guest:guest@127.0.0.1:" + port + "/%2F");
  }

  Connection connect() throws Exception {
    ConnectionFactory factory = new ConnectionFactory();
    factory.setUri(uri());
    factory.setAutomaticRecoveryEnabled(false);
    factory.setConnectionTimeout(2_000);
    return factory.newConnection("binlake-it-admin");
  }

  /** Starts the node again (after {@link #stop}) on the same data. */
  synchronized void start() throws IOException {
    ProcessBuilder builder =
        new ProcessBuilder(script.toString())
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()));
    Map<String, String> env = builder.environment();
    env.keySet().removeIf(key -> key.startsWith("RABBITMQ_") || key.startsWith("ERL_"));
    env.put("HOME", dir.resolve("home").toString()); // Erlang writes its .erlang.cookie there
    env.put("RABBITMQ_NODENAME", name);
    env.put("RABBITMQ_NODE_IP_ADDRESS", "127.0.0.1");
    env.put("RABBITMQ_NODE_PORT", Integer.toString(port));
    env.put("RABBITMQ_DIST_PORT", Integer.toString(distributionPort)); // default: port + 20000
    env.put("RABBITMQ_MNESIA_BASE", dir.resolve("mnesia").toString());
    env.put("RABBITMQ_LOG_BASE", dir.resolve("log").toString());
    env.put("RABBITMQ_PID_FILE", dir.resolve("rabbitmq.pid").toString());
    // Our own files, not /etc/rabbitmq's (whose rabbitmq.conf listens on 5672).
    env.put("RABBITMQ_CONFIG_FILE", dir.resolve("rabbitmq.conf").toString());
    env.put("RABBITMQ_ADVANCED_CONFIG_FILE", dir.resolve("advanced.config").toString());
    env.put("RABBITMQ_CONF_ENV_FILE", dir.resolve("rabbitmq-env.conf").toString());
    env.put("RABBITMQ_ENABLED_PLUGINS_FILE", dir.resolve("enabled_plugins").toString());
    env.put("ERL_EPMD_ADDRESS", "127.0.0.1");
    env.put("RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS", "-kernel inet_dist_use_interface {127,0,0,1}");
    Process started = builder.start();
    process = started;
    try {
      await("RabbitMQ node " + name + " accepting connections on port " + port)
          .atMost(START_TIMEOUT)
          .pollInterval(Duration.ofMillis(250))
          .failFast("rabbitmq-server exited", () -> !started.isAlive())
          .ignoreExceptions()
          .until(
              () -> {
                try (Connection connection = connect()) {
                  return connection.isOpen();
                }
              });
    } catch (ConditionTimeoutException | TerminalFailureException e) {
      throw new IllegalStateException(
          "Cannot start RabbitMQ node "
              + name
              + ": "
              + e.getMessage()
              + "; "
              + log()
              + " ends:\n"
              + tail(),
          e);
    }
  }

  /** Stops the node as an operator does: on SIGTERM the broker closes its connections, halts. */
  synchronized void stop() throws InterruptedException {
    if (process == null) {
      return;
    }
    process.destroy(); // the script traps TERM and stops the broker properly
    if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
      kill();
    }
    process = null;
  }

  /** Ends the node as a crash does: the Erlang VM is killed and its connections just drop. */
  synchronized void kill() {
    Process running = process;
    if (running == null) {
      return;
    }
    running.descendants().forEach(ProcessHandle::destroyForcibly); // beam.smp and its helpers
    running.destroyForcibly();
    running.onExit().orTimeout(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS).join();
    process = null;
  }

  /** Deletes the stopped node's data: it starts again as a new node, without queues. */
  synchronized void deleteData() throws IOException {
    if (process != null) {
      throw new IllegalStateException("Cannot delete the data of running node " + name);
    }
    Path data = dir.resolve("mnesia");
    try (Stream<Path> files = Files.walk(data)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        if (!file.equals(data)) {
          Files.delete(file);
        }
      }
    }
  }

  @Override
  public void close() {
    try {
      stop();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      kill();
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(shutdownHook);
      } catch (IllegalStateException e) {
        // the JVM is exiting: the hook runs
      }
    }
  }

  private Path log() {
    return dir.resolve("server.log");
  }

  private String tail() {
    try {
      List<String> lines = Files.readAllLines(log());
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return "(cannot read it: " + e + ")";
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
