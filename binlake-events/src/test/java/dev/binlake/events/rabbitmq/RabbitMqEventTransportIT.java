package dev.binlake.events.rabbitmq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import dev.binlake.api.BinlakeException;
import dev.binlake.api.EventRule;
import dev.binlake.events.ObjectCreatedJson;
import dev.binlake.events.broker.BrokerTransport;
import dev.binlake.events.broker.BrokerTransportContract;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Against the machine's RabbitMQ (127.0.0.1:5672, guest/guest). */
class RabbitMqEventTransportIT extends BrokerTransportContract {
  @Override
  protected String kind() {
    return "rabbitmq";
  }

  @Override
  protected void deleteAll(String name) throws Exception {
    RabbitMqSettings settings = new RabbitMqSettings(RabbitMqSettings.DEFAULT_URI, name, 1, FAST);
    try (Connection connection = connect();
        Channel channel = connection.createChannel()) {
      for (String queue : settings.queueNames()) {
        channel.queueDelete(queue);
      }
    }
  }

  @Override
  protected List<DeadMessage> deadMessages(String name) throws Exception {
    List<DeadMessage> messages = new ArrayList<>();
    try (Connection connection = connect();
        Channel channel = connection.createChannel()) {
      GetResponse response;
      while ((response = channel.basicGet(name + ".dead", true)) != null) {
        Map<String, Object> headers = response.getProps().getHeaders();
        messages.add(
            new DeadMessage(
                ObjectCreatedJson.read(new String(response.getBody(), StandardCharsets.UTF_8))
                    .key(),
                String.valueOf(headers.get(BrokerTransport.REASON_HEADER)),
                String.valueOf(headers.get(BrokerTransport.ATTEMPTS_HEADER))));
      }
    }
    return messages;
  }

  @Test
  void declaresWorkRetryAndDeadLetterQueues() throws Exception {
    open();
    try (Connection connection = connect();
        Channel channel = connection.createChannel()) {
      assertThat(new RabbitMqSettings(RabbitMqSettings.DEFAULT_URI, name, 1, FAST).queueNames())
          .containsExactly(name, name + ".retry.200ms", name + ".retry.400ms", name + ".dead");
      for (String queue :
          List.of(name, name + ".retry.200ms", name + ".retry.400ms", name + ".dead")) {
        assertThat(channel.queueDeclarePassive(queue).getMessageCount()).isZero();
      }
    }
  }

  /**
   * A message whose holders keep dying (here: returned unacknowledged three times, as a closed
   * connection returns it) counts each return as an attempt (RabbitMQ's x-delivery-count) and is
   * dead-lettered on its next delivery instead of crash-looping the loaders.
   */
  @Test
  void eventWhoseHoldersKeepDyingIsDeadLettered() throws Exception {
    BrokerTransport publisher = open();
    publisher.publish(event("lake", "cdc/poison.parquet"));
    try (Connection connection = connect();
        Channel channel = connection.createChannel()) {
      for (int i = 0; i < 3; i++) {
        GetResponse response = channel.basicGet(name, false);
        assertThat(response).as("delivery %s", i + 1).isNotNull();
        channel.basicNack(response.getEnvelope().getDeliveryTag(), false, true);
      }
    }
    List<String> handled = new CopyOnWriteArrayList<>();
    BrokerTransport loader = open();

    loader.subscribe(EventRule.objectCreated("lake", ""), e -> handled.add(e.key()));

    await().atMost(Duration.ofSeconds(30)).until(() -> loader.deadLetterCount() == 1);
    assertThat(handled).isEmpty();
    assertThat(deadMessages(name))
        .containsExactly(
            new DeadMessage(
                "cdc/poison.parquet",
                "delivered 3 times without being acknowledged (the loader crashed or timed out)",
                "3"));
  }

  /**
   * A publish while the work queue is missing (deleted, and no loader running to declare it again)
   * would be confirmed and dropped by RabbitMQ; the transport declares the queue again instead.
   */
  @Test
  void publishDeclaresTheDeletedWorkQueueAgainRatherThanLoseTheEvent() throws Exception {
    BrokerTransport capture = open();
    try (Connection connection = connect();
        Channel channel = connection.createChannel()) {
      channel.queueDelete(name);
    }

    capture.publish(event("lake", "cdc/after-delete.parquet"));

    try (Connection connection = connect();
        Channel channel = connection.createChannel()) {
      GetResponse response = channel.basicGet(name, true);
      assertThat(response).as("the event in the declared-again queue").isNotNull();
      assertThat(
              ObjectCreatedJson.read(new String(response.getBody(), StandardCharsets.UTF_8)).key())
          .isEqualTo("cdc/after-delete.parquet");
    }
  }

  @Test
  void unreachableBrokerFailsWithWhatToDo() {
    RabbitMqSettings settings =
        new RabbitMqSettings(URI.create("amqp://guest:secret@127.0.0.1:1/%2F"), name, 1, FAST);

    assertThatThrownBy(() -> new RabbitMqEventTransport(settings))
        .isInstanceOf(BinlakeException.class)
        .hasMessageStartingWith("Cannot connect to RabbitMQ at amqp://guest:***@127.0.0.1:1/%2F: ")
        .hasMessageEndingWith("(check that RabbitMQ runs and events.rabbitmq.uri is right)")
        .message()
        .doesNotContain("secret");
  }

  private static Connection connect() throws Exception {
    ConnectionFactory factory = new ConnectionFactory();
    factory.setUri(RabbitMqSettings.DEFAULT_URI);
    return factory.newConnection("binlake-it");
  }
}
