package dev.binlake.events.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.binlake.api.EventRule;
import dev.binlake.events.broker.BrokerTransportContract;
import io.nats.client.Connection;
import io.nats.client.Nats;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A loader's subscription outlives a restart of the NATS server and the loss of its consumer: it
 * keeps pulling and takes events again once they are back, never stops silently. Runs its own
 * nats-server (JetStream, file store in a temporary folder) on a free port, so the machine's server
 * is left alone.
 */
class NatsOutagesIT {
  @TempDir Path store;
  private Process server;
  private int port;

  @AfterEach
  void stop() throws InterruptedException {
    if (server != null) {
      server.destroyForcibly().waitFor();
    }
  }

  @Test
  void subscriptionKeepsTakingEventsAfterTheServerRestarts() throws Exception {
    NatsSettings settings = startServer();
    List<String> handled = new CopyOnWriteArrayList<>();
    try (NatsEventTransport transport = new NatsEventTransport(settings)) {
      subscribeAndLoadOne(transport, handled);

      server.destroyForcibly().waitFor();
      Thread.sleep(6_000); // the subscription's pulls fail while the server is away
      start();

      await() // the client reconnects on its own; publish once it is back
          .atMost(Duration.ofSeconds(60))
          .ignoreExceptions()
          .until(
              () -> {
                transport.publish(BrokerTransportContract.event("lake", "after"));
                return true;
              });
      await().atMost(Duration.ofSeconds(60)).until(() -> handled.contains("after"));
      assertThat(handled).containsExactly("before", "after");
    }
  }

  /**
   * The durable consumer deleted under a running subscription (an operator's {@code nats consumer
   * rm}): its pulls fail until a loader that starts declares the consumer again, then it takes
   * events again instead of having stopped at the first failure.
   */
  @Test
  void subscriptionTakesEventsAgainOnceItsDeletedConsumerIsBack() throws Exception {
    NatsSettings settings = startServer();
    List<String> handled = new CopyOnWriteArrayList<>();
    try (NatsEventTransport transport = new NatsEventTransport(settings)) {
      subscribeAndLoadOne(transport, handled);

      Connection connection = Nats.connect(settings.url());
      try {
        connection.jetStreamManagement().deleteConsumer(settings.stream(), settings.consumer());
      } finally {
        connection.close();
      }
      Thread.sleep(3_000); // its pulls fail meanwhile
      new NatsEventTransport(settings).close(); // a loader starting declares the consumer again
      transport.publish(BrokerTransportContract.event("lake", "after"));

      await().atMost(Duration.ofSeconds(60)).until(() -> handled.contains("after"));
      assertThat(handled).containsExactly("before", "after");
    }
  }

  /** Starts the server; the settings of a work queue on it (2 s ack deadline, prefetch 1). */
  private NatsSettings startServer() throws IOException {
    port = freePort();
    start();
    return new NatsSettings(
        "nats://127.0.0.1:" + port,
        "OUTAGES",
        "outages",
        "loaders",
        1,
        Duration.ofSeconds(2),
        BrokerTransportContract.FAST);
  }

  private static void subscribeAndLoadOne(NatsEventTransport transport, List<String> handled) {
    transport.subscribe(EventRule.objectCreated("lake", ""), e -> handled.add(e.key()));
    transport.publish(BrokerTransportContract.event("lake", "before"));
    await().atMost(Duration.ofSeconds(30)).until(() -> handled.contains("before"));
  }

  private void start() throws IOException {
    server =
        new ProcessBuilder(
                Path.of("/usr/sbin/nats-server").toFile().canExecute()
                    ? "/usr/sbin/nats-server"
                    : "nats-server",
                "-a",
                "127.0.0.1",
                "-p",
                Integer.toString(port),
                "-js",
                "-sd",
                store.toString())
            .redirectErrorStream(true)
            .redirectOutput(store.resolve("server.log").toFile())
            .start();
    await()
        .atMost(Duration.ofSeconds(30))
        .ignoreExceptions()
        .until(
            () -> {
              try (Socket socket = new Socket("127.0.0.1", port)) {
                return socket.isConnected();
              }
            });
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
