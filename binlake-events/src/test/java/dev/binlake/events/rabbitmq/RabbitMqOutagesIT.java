package dev.binlake.events.rabbitmq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import dev.binlake.api.EventRule;
import dev.binlake.events.broker.BrokerTransportContract;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A loader's subscription outlives a restart of the RabbitMQ broker, a crash after which it comes
 * back without its queues, and the deletion of its queue: it takes events again once the broker is
 * back, declaring the queue again where it is missing, and never stops silently. Runs its own
 * throwaway RabbitMQ node (see {@link RabbitMqNode}), so the machine's broker is left alone; each
 * test uses its own queue on it.
 */
class RabbitMqOutagesIT {
  private static final Duration PATIENCE = Duration.ofSeconds(60);

  private static RabbitMqNode node;

  @BeforeAll
  static void startNode(@TempDir Path dir) throws Exception {
    var script = RabbitMqNode.serverScript();
    assumeTrue(
        script.isPresent(),
        "rabbitmq-server is not installed (neither /usr/lib/rabbitmq/bin/rabbitmq-server nor on"
            + " PATH): skipping the RabbitMQ outage tests (apt-get install rabbitmq-server)");
    node = RabbitMqNode.start(script.get(), dir);
  }

  @AfterAll
  static void stopNode() {
    if (node != null) {
      node.close();
    }
  }

  @Test
  void subscriptionKeepsTakingEventsAfterTheBrokerRestarts() throws Exception {
    RabbitMqSettings settings = settings();
    List<String> handled = new CopyOnWriteArrayList<>();
    try (RabbitMqEventTransport transport = new RabbitMqEventTransport(settings)) {
      subscribeAndLoadOne(transport, handled);

      node.stop();
      Thread.sleep(5_000); // the broker is away; the client's reconnection attempts fail meanwhile
      node.start(); // same data: the durable quorum queue is still there

      await() // the client reconnects on its own; publish once it is back
          .atMost(PATIENCE)
          .ignoreExceptions()
          .until(
              () -> {
                transport.publish(BrokerTransportContract.event("lake", "after"));
                return true;
              });
      await().atMost(PATIENCE).until(() -> handled.contains("after"));
      assertThat(handled).containsExactly("before", "after");
    }
  }

  /**
   * The broker killed and started again without its data (a new node, a container without a
   * volume): the subscription declares its queues again and takes events published after that.
   */
  @Test
  void subscriptionTakesEventsAfterTheBrokerComesBackWithoutItsQueues() throws Exception {
    RabbitMqSettings settings = settings();
    List<String> handled = new CopyOnWriteArrayList<>();
    try (RabbitMqEventTransport transport = new RabbitMqEventTransport(settings)) {
      subscribeAndLoadOne(transport, handled);

      node.kill();
      node.deleteData();
      node.start();

      await("the subscription consuming from its declared-again quorum queue")
          .atMost(PATIENCE)
          .ignoreExceptions()
          .until(() -> consumersOfQuorumQueue(settings.queue()) == 1);
      transport.publish(BrokerTransportContract.event("lake", "after"));
      await().atMost(PATIENCE).until(() -> handled.contains("after"));
      assertThat(handled).containsExactly("before", "after");
    }
  }

  /**
   * The work queue deleted under a running subscription (an operator's {@code rabbitmqctl
   * delete_queue}, or a policy): RabbitMQ cancels the consumer; the subscription declares the queue
   * again and takes the events published to it, instead of sitting on a dead consumer.
   */
  @Test
  void subscriptionTakesEventsAgainAfterItsQueueWasDeleted() throws Exception {
    RabbitMqSettings settings = settings();
    List<String> handled = new CopyOnWriteArrayList<>();
    try (RabbitMqEventTransport transport = new RabbitMqEventTransport(settings)) {
      subscribeAndLoadOne(transport, handled);

      try (Connection connection = node.connect();
          Channel channel = connection.createChannel()) {
        channel.queueDelete(settings.queue());
      }

      await("the subscription consuming from its declared-again quorum queue")
          .atMost(PATIENCE)
          .ignoreExceptions()
          .until(() -> consumersOfQuorumQueue(settings.queue()) == 1);
      transport.publish(BrokerTransportContract.event("lake", "after"));
      await().atMost(PATIENCE).until(() -> handled.contains("after"));
      assertThat(handled).containsExactly("before", "after");
    }
  }

  private static RabbitMqSettings settings() {
    return new RabbitMqSettings(
        node.uri(),
        "binlake-it-" + UUID.randomUUID().toString().substring(0, 8),
        1,
        BrokerTransportContract.FAST);
  }

  private static void subscribeAndLoadOne(RabbitMqEventTransport transport, List<String> handled) {
    transport.subscribe(EventRule.objectCreated("lake", ""), e -> handled.add(e.key()));
    transport.publish(BrokerTransportContract.event("lake", "before"));
    await().atMost(Duration.ofSeconds(30)).until(() -> handled.contains("before"));
  }

  /** Consumers of {@code queue}; fails if it is missing or not a durable quorum queue. */
  private static int consumersOfQuorumQueue(String queue) throws Exception {
    try (Connection connection = node.connect();
        Channel channel = connection.createChannel()) {
      int consumers = channel.queueDeclarePassive(queue).getConsumerCount();
      // It exists, so this declare creates nothing: it fails unless the arguments are equal.
      channel.queueDeclare(queue, true, false, false, Map.of("x-queue-type", "quorum"));
      return consumers;
    }
  }
}
