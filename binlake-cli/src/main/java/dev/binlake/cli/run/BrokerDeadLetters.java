package dev.binlake.cli.run;

import dev.binlake.api.BinlakeException;
import dev.binlake.api.EventTransport;
import dev.binlake.cli.config.BinlakeConfig;
import dev.binlake.cli.config.EventsConfig;
import dev.binlake.events.broker.BrokerTransport;
import dev.binlake.events.broker.DeadLetterMessage;
import dev.binlake.load.FileDeadLetters;
import java.util.List;
import java.util.Optional;

/**
 * What a broker's dead-letter queue holds, for {@code binlake status}: its depth and the reasons of
 * a few messages, or why the broker could not be asked.
 *
 * @param queue the dead-letter queue (or stream) as the broker names it
 * @param count messages in it
 * @param messages up to {@link #SHOWN} of them, left in the queue
 * @param problem empty, or why the broker could not be read (then count is -1)
 */
record BrokerDeadLetters(
    String queue, long count, List<DeadLetterMessage> messages, Optional<String> problem) {
  static final int SHOWN = 5;

  /** Empty for the in-process transport, whose dead letters are the file dead letters. */
  static Optional<BrokerDeadLetters> read(BinlakeConfig config) {
    if (config.events().type() == EventsConfig.Type.IN_PROCESS) {
      return Optional.empty();
    }
    String type = config.events().type().name().toLowerCase(java.util.Locale.ROOT);
    try (EventTransport transport =
        Components.events(config, new FileDeadLetters(config.state().dir()))) {
      BrokerTransport broker = (BrokerTransport) transport;
      return Optional.of(
          new BrokerDeadLetters(
              type + " " + broker.deadLetterQueueName(),
              broker.deadLetterCount(),
              broker.peekDeadLetters(SHOWN),
              Optional.empty()));
    } catch (BinlakeException e) {
      return Optional.of(new BrokerDeadLetters(type, -1, List.of(), Optional.of(e.getMessage())));
    }
  }
}
