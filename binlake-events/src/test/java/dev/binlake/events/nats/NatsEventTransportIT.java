package dev.binlake.events.nats;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.binlake.api.BinlakeException;
import dev.binlake.events.ObjectCreatedJson;
import dev.binlake.events.broker.BrokerTransport;
import dev.binlake.events.broker.BrokerTransportContract;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.api.MessageInfo;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** Against the machine's nats-server with JetStream (127.0.0.1:4222). */
class NatsEventTransportIT extends BrokerTransportContract {
  @Override
  protected String kind() {
    return "nats";
  }

  private static String stream(String name) {
    return name.toUpperCase(Locale.ROOT).replace('-', '_');
  }

  @Override
  protected void deleteAll(String name) throws Exception {
    Connection connection = Nats.connect(NatsSettings.DEFAULT_URL);
    try {
      JetStreamManagement management = connection.jetStreamManagement();
      for (String stream : List.of(stream(name), stream(name) + "_DEAD")) {
        try {
          management.deleteStream(stream);
        } catch (JetStreamApiException e) {
          // not created by this test
        }
      }
    } finally {
      connection.close();
    }
  }

  @Override
  protected List<DeadMessage> deadMessages(String name) throws Exception {
    List<DeadMessage> messages = new ArrayList<>();
    Connection connection = Nats.connect(NatsSettings.DEFAULT_URL);
    try {
      JetStreamManagement management = connection.jetStreamManagement();
      String stream = stream(name) + "_DEAD";
      long count = management.getStreamInfo(stream).getStreamState().getMsgCount();
      for (long sequence = 1; sequence <= count; sequence++) {
        MessageInfo message = management.getMessage(stream, sequence);
        messages.add(
            new DeadMessage(
                ObjectCreatedJson.read(new String(message.getData(), StandardCharsets.UTF_8)).key(),
                message.getHeaders().getFirst(BrokerTransport.REASON_HEADER),
                message.getHeaders().getFirst(BrokerTransport.ATTEMPTS_HEADER)));
      }
    } finally {
      connection.close();
    }
    return messages;
  }

  @Test
  void unreachableServerFailsWithWhatToDo() {
    NatsSettings settings =
        new NatsSettings(
            "nats://127.0.0.1:1", stream(name), name, "loaders", 1, Duration.ofSeconds(2), FAST);

    assertThatThrownBy(() -> new NatsEventTransport(settings))
        .isInstanceOf(BinlakeException.class)
        .hasMessageStartingWith("Cannot connect to NATS at nats://127.0.0.1:1: ")
        .hasMessageEndingWith(
            "(check that nats-server runs with JetStream (-js) and events.nats.url is right)");
  }
}
