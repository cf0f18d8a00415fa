package dev.binlake.cli.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.binlake.api.EventRule;
import dev.binlake.api.ObjectCreated;
import dev.binlake.cli.Main;
import dev.binlake.events.RetryPolicy;
import dev.binlake.events.rabbitmq.RabbitMqEventTransport;
import dev.binlake.events.rabbitmq.RabbitMqSettings;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code binlake status} shows the depth and reasons of the broker's dead-letter queue. */
class StatusDeadLettersIT {
  @TempDir Path dir;

  @Test
  void statusShowsTheBrokersDeadLetters() throws Exception {
    String queue = "binlake-it-status-" + UUID.randomUUID();
    Path config = writeConfig(queue);
    try (RabbitMqEventTransport broker =
        new RabbitMqEventTransport(
            new RabbitMqSettings(
                RabbitMqSettings.DEFAULT_URI,
                queue,
                1,
                new RetryPolicy(Duration.ofMillis(100), Duration.ofMillis(100), 2)))) {
      String empty = status(config);
      assertThat(empty).contains("broker dead letters (rabbitmq " + queue + ".dead): 0");

      broker.subscribe(
          EventRule.objectCreated("lake", ""),
          e -> {
            throw new IllegalStateException("warehouse refused " + e.key());
          });
      broker.publish(event("cdc/shop/t/1.parquet"));
      await().atMost(Duration.ofSeconds(60)).until(() -> broker.deadLetterCount() == 1);

      assertThat(status(config))
          .contains("broker dead letters (rabbitmq " + queue + ".dead): 1")
          .containsPattern(
              "  cdc/shop/t/1\\.parquet: warehouse refused cdc/shop/t/1\\.parquet \\(2 attempts\\)"
                  + " at \\d{4}-");
      JsonNode json = new ObjectMapper().readTree(status(config, "--json"));
      assertThat(json.path("brokerDeadLetters").path("count").asLong()).isEqualTo(1);
      assertThat(json.path("brokerDeadLetters").path("messages").get(0).path("reason").asText())
          .isEqualTo("warehouse refused cdc/shop/t/1.parquet");
      assertThat(broker.deadLetterCount()).as("status took nothing away").isEqualTo(1);
    }
  }

  private static ObjectCreated event(String key) {
    return new ObjectCreated(
        UUID.randomUUID().toString(),
        Instant.now(),
        "local",
        "lake",
        key,
        1,
        "etag",
        "0001",
        "PutObject");
  }

  private static String status(Path config, String... extra) {
    StringWriter out = new StringWriter();
    String[] args = new String[3 + extra.length];
    args[0] = "status";
    args[1] = "--config";
    args[2] = config.toString();
    System.arraycopy(extra, 0, args, 3, extra.length);
    int code = Main.execute(new PrintWriter(out), new PrintWriter(new StringWriter()), args);
    assertThat(code).as(out.toString()).isZero();
    return out.toString();
  }

  private Path writeConfig(String queue) throws Exception {
    Path file = dir.resolve("binlake.yaml");
    Files.writeString(
        file,
        String.join(
            "\n",
            "source:",
            "  host: 127.0.0.1",
            "  port: 1",
            "  user: binlake",
            "  password: \"\"",
            "  server-id: 7",
            "  connect-timeout: 1s",
            "storage:",
            "  uri: file:./lake",
            "warehouse:",
            "  type: duckdb",
            "  path: ./lake.duckdb",
            "events:",
            "  type: rabbitmq",
            "  max-attempts: 2",
            "  retry-base-delay: 100ms",
            "  retry-max-delay: 100ms",
            "  rabbitmq:",
            "    queue: " + queue,
            ""));
    return file;
  }
}
