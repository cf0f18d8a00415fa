package dev.binlake.events.broker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.binlake.api.ObjectCreated;
import dev.binlake.events.ObjectCreatedJson;
import dev.binlake.events.RetryPolicy;
import dev.binlake.events.rules.EventPattern;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeliveryTest {
  private static final RetryPolicy POLICY =
      new RetryPolicy(Duration.ofMillis(100), Duration.ofSeconds(1), 3);
  private static final EventPattern LAKE = EventPattern.objectCreated("lake", "cdc/");

  private final List<String> handled = new ArrayList<>();

  @Test
  void handledEventIsAcknowledged() {
    Delivery delivery = new Delivery(LAKE, e -> handled.add(e.key()), POLICY);

    assertThat(delivery.attempt(body("lake", "cdc/1"), 1)).isEqualTo(new Outcome.Handled());
    assertThat(handled).containsExactly("cdc/1");
  }

  @Test
  void eventOutsideThePatternIsSkippedWithoutCallingTheHandler() {
    Delivery delivery = new Delivery(LAKE, e -> handled.add(e.key()), POLICY);

    assertThat(delivery.attempt(body("lake", "full/1"), 1)).isEqualTo(new Outcome.Skipped());
    assertThat(delivery.attempt(body("other", "cdc/1"), 1)).isEqualTo(new Outcome.Skipped());
    assertThat(handled).isEmpty();
  }

  @Test
  void failureIsRetriedWithTheBackoffOfItsAttempt() {
    Delivery delivery = new Delivery(LAKE, e -> fail("warehouse busy"), POLICY);

    assertThat(delivery.attempt(body("lake", "cdc/1"), 1))
        .isEqualTo(new Outcome.Retry(Duration.ofMillis(100), "warehouse busy"));
    assertThat(delivery.attempt(body("lake", "cdc/1"), 2))
        .isEqualTo(new Outcome.Retry(Duration.ofMillis(200), "warehouse busy"));
  }

  @Test
  void failureOfTheLastAttemptIsDeadLettered() {
    Delivery delivery = new Delivery(LAKE, e -> fail("no primary key"), POLICY);

    assertThat(delivery.attempt(body("lake", "cdc/1"), 3))
        .isEqualTo(new Outcome.DeadLetter("no primary key"));
  }

  @Test
  void exceptionWithoutMessageGivesItsClassAsReason() {
    Delivery delivery =
        new Delivery(
            LAKE,
            e -> {
              throw new UnsupportedOperationException();
            },
            POLICY);

    assertThat(delivery.attempt(body("lake", "cdc/1"), 3))
        .isEqualTo(new Outcome.DeadLetter("java.lang.UnsupportedOperationException"));
  }

  @Test
  void eventRedeliveredAfterItsLastHolderCrashedIsDeadLetteredWithoutHandling() {
    Delivery delivery = new Delivery(LAKE, e -> handled.add(e.key()), POLICY);

    assertThat(delivery.attempt(body("lake", "cdc/1"), 4))
        .isEqualTo(
            new Outcome.DeadLetter(
                "delivered 3 times without being acknowledged (the loader crashed or timed out)"));
    assertThat(handled).isEmpty();
  }

  @Test
  void foreignMessagesAreDeadLetteredAtOnce() {
    Delivery delivery =
        new Delivery(EventPattern.parse("{\"id\":[{\"exists\":true}]}"), e -> {}, POLICY);

    assertThat(delivery.attempt("not json".getBytes(StandardCharsets.UTF_8), 1))
        .isInstanceOf(Outcome.DeadLetter.class)
        .extracting(o -> ((Outcome.DeadLetter) o).reason())
        .asString()
        .startsWith("Unrecognized token 'not'");
    assertThat(delivery.attempt("{\"id\":\"x\"}".getBytes(StandardCharsets.UTF_8), 1))
        .isEqualTo(
            new Outcome.DeadLetter(
                "Cannot read Object Created event: missing field source (expected Amazon"
                    + " EventBridge's S3 \"Object Created\" JSON; see ObjectCreatedJson)"));
  }

  private static void fail(String message) {
    throw new IllegalStateException(message);
  }

  private static byte[] body(String bucket, String key) {
    ObjectCreated event =
        new ObjectCreated(
            "id",
            Instant.parse("2024-05-01T12:00:00Z"),
            "local",
            bucket,
            key,
            1,
            "e",
            "01",
            "PutObject");
    return new ObjectCreatedJson().write(event).getBytes(StandardCharsets.UTF_8);
  }
}
