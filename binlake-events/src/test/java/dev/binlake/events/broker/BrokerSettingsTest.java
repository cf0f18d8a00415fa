package dev.binlake.events.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.binlake.events.RetryPolicy;
import dev.binlake.events.nats.NatsSettings;
import dev.binlake.events.rabbitmq.RabbitMqSettings;
import dev.binlake.events.sqs.SqsSettings;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BrokerSettingsTest {
  @Test
  void rabbitMqHasOneRetryQueuePerDistinctDelay() {
    RabbitMqSettings settings = RabbitMqSettings.defaults();

    assertThat(settings.queueNames())
        .containsExactly(
            "binlake.object-created",
            "binlake.object-created.retry.100ms",
            "binlake.object-created.retry.200ms",
            "binlake.object-created.retry.400ms",
            "binlake.object-created.retry.800ms",
            "binlake.object-created.retry.1600ms",
            "binlake.object-created.retry.3200ms",
            "binlake.object-created.retry.6400ms",
            "binlake.object-created.dead");
    assertThat(settings.withQueue("q").retryDelays()).hasSize(7);
    assertThat(
            new RabbitMqSettings(
                    settings.uri(),
                    "q",
                    1,
                    new RetryPolicy(Duration.ofSeconds(1), Duration.ofSeconds(1), 5))
                .queueNames())
        .containsExactly("q", "q.retry.1000ms", "q.dead");
  }

  @Test
  void rabbitMqUriIsShownWithoutItsPassword() {
    RabbitMqSettings settings = RabbitMqSettings.defaults().withQueue("q");
    RabbitMqSettings secret =
        new RabbitMqSettings(
            URI.create("amqps://loader:s3cret@mq.example:5671/prod"), "q", 1, RetryPolicy.DEFAULT);

    assertThat(secret.safeUri()).isEqualTo("amqps://loader:***@mq.example:5671/prod");
    assertThat(settings.safeUri()).isEqualTo("amqp://guest:***@127.0.0.1:5672/%2F");
  }

  @Test
  void rabbitMqRejectsOtherSchemes() {
    assertThatThrownBy(
            () -> new RabbitMqSettings(URI.create("http://127.0.0.1"), "q", 1, RetryPolicy.DEFAULT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot use RabbitMQ URI scheme 'http': use amqp:// or amqps://");
  }

  @Test
  void natsNamesAreChecked() {
    NatsSettings defaults = NatsSettings.defaults();
    assertThat(defaults.deadLetterStream()).isEqualTo("BINLAKE_EVENTS_DEAD");
    assertThat(defaults.deadLetterSubject()).isEqualTo("binlake.object-created.dead");

    assertThatThrownBy(
            () ->
                new NatsSettings(
                    defaults.url(), "a.b", "s", "c", 1, Duration.ofSeconds(5), RetryPolicy.DEFAULT))
        .hasMessage("Cannot use NATS stream name 'a.b': use letters, digits, _ or -");
    assertThatThrownBy(
            () ->
                new NatsSettings(
                    defaults.url(), "S", "s.>", "c", 1, Duration.ofSeconds(5), RetryPolicy.DEFAULT))
        .hasMessage("Cannot use NATS subject 's.>': use dot-separated tokens");
  }

  @Test
  void sqsPrefetchIsAtMostTen() {
    assertThatThrownBy(
            () ->
                new SqsSettings(
                    Optional.empty(),
                    "eu-west-1",
                    "q",
                    11,
                    Duration.ofSeconds(30),
                    RetryPolicy.DEFAULT))
        .hasMessage("Cannot use prefetch 11: need 1 to 10");
    assertThat(
            new SqsSettings(
                    Optional.empty(),
                    "eu-west-1",
                    "q",
                    1,
                    Duration.ofSeconds(30),
                    RetryPolicy.DEFAULT)
                .deadLetterQueue())
        .isEqualTo("q-dead");
  }
}
