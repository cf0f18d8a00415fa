package dev.binlake.events.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.binlake.api.EventRule;
import dev.binlake.api.ObjectCreated;
import dev.binlake.events.RetryPolicy;
import dev.binlake.events.nats.NatsEventTransport;
import dev.binlake.events.nats.NatsSettings;
import dev.binlake.events.rabbitmq.RabbitMqEventTransport;
import dev.binlake.events.rabbitmq.RabbitMqSettings;
import dev.binlake.events.rules.EventPattern;
import dev.binlake.events.sqs.SqsEventTransport;
import dev.binlake.events.sqs.SqsSettings;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The behaviour every broker transport promises, run against a real broker by each transport's IT.
 * Each test uses its own uniquely named queue or stream and removes it afterwards.
 */
public abstract class BrokerTransportContract {
  /** 3 attempts, 200 ms then 400 ms apart. */
  public static final RetryPolicy FAST =
      new RetryPolicy(Duration.ofMillis(200), Duration.ofMillis(400), 3);

  /** Where the SQS-protocol server of the running test listens (set by the SQS IT). */
  public static volatile URI sqsEndpoint;

  private static final Duration PATIENCE = Duration.ofSeconds(60);

  protected String name;
  private final List<BrokerTransport> opened = new ArrayList<>();

  /** A dead-lettered message as the broker holds it. */
  public record DeadMessage(String key, String reason, String attempts) {}

  /** What {@link WorkQueueChild} and the subclasses connect with: "rabbitmq" or "nats". */
  protected abstract String kind();

  /** Deletes every queue or stream of {@code name}. */
  protected abstract void deleteAll(String name) throws Exception;

  /** The dead-letter queue's messages, oldest first, left in place or removed. */
  protected abstract List<DeadMessage> deadMessages(String name) throws Exception;

  public static BrokerTransport open(String kind, String name) {
    switch (kind) {
      case "rabbitmq":
        return new RabbitMqEventTransport(
            new RabbitMqSettings(RabbitMqSettings.DEFAULT_URI, name, 1, FAST));
      case "nats":
        return new NatsEventTransport(
            new NatsSettings(
                NatsSettings.DEFAULT_URL,
                name.toUpperCase(java.util.Locale.ROOT).replace('-', '_'),
                name,
                "loaders",
                1,
                Duration.ofSeconds(2),
                FAST));
      case "sqs":
        return new SqsEventTransport(
            new SqsSettings(
                Optional.of(sqsEndpoint), "us-east-1", name, 1, Duration.ofSeconds(2), FAST),
            SqsClient.builder()
                .endpointOverride(sqsEndpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(
                    StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x")))
                .build());
      default:
        throw new IllegalArgumentException(kind);
    }
  }

  @BeforeEach
  void name() {
    name = "binlake-it-" + UUID.randomUUID().toString().substring(0, 8);
  }

  @AfterEach
  void cleanUp() throws Exception {
    for (BrokerTransport transport : opened) {
      transport.close();
    }
    deleteAll(name);
  }

  protected BrokerTransport open() {
    BrokerTransport transport = open(kind(), name);
    opened.add(transport);
    return transport;
  }

  @Test
  void deliversEachPublishedEventOnce() {
    BrokerTransport transport = open();
    List<String> received = new CopyOnWriteArrayList<>();
    transport.subscribe(EventRule.objectCreated("lake", ""), e -> received.add(e.key()));

    transport.publish(event("lake", "cdc/a/1.parquet"));
    transport.publish(event("lake", "cdc/a/2.parquet"));

    await().atMost(PATIENCE).until(() -> received.size() >= 2);
    await() // and no third delivery follows
        .during(Duration.ofSeconds(1))
        .atMost(Duration.ofSeconds(5))
        .until(() -> received.size() == 2);
    assertThat(received).containsExactlyInAnyOrder("cdc/a/1.parquet", "cdc/a/2.parquet");
    assertThat(transport.deadLetterCount()).isZero();
  }

  /**
   * Prefetch 1: a loader busy with a load longer than the ack deadline holds no second event, so
   * the second goes to another loader once and is not redelivered (a pulled-ahead event would wait
   * unextended, run out its deadline, go to the other loader, and come back to this one as well).
   */
  @Test
  void aBusyLoaderHoldsNoSecondEvent() throws Exception {
    BrokerTransport busy = open();
    List<String> handled = new CopyOnWriteArrayList<>();
    java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
    busy.subscribe(
        EventRule.objectCreated("lake", ""),
        e -> {
          handled.add("busy " + e.key());
          started.countDown();
          pause(5_000); // more than twice the 2 s ack deadline (heartbeats extend it)
        });
    busy.publish(event("lake", "cdc/a/1.parquet"));
    assertThat(started.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
    busy.publish(event("lake", "cdc/a/2.parquet"));
    BrokerTransport other = open();
    other.subscribe(EventRule.objectCreated("lake", ""), e -> handled.add("other " + e.key()));

    await().atMost(PATIENCE).until(() -> handled.contains("other cdc/a/2.parquet"));
    await() // the busy loader finishes its load and gets nothing more
        .during(Duration.ofSeconds(3))
        .atMost(Duration.ofSeconds(15))
        .untilAsserted(
            () ->
                assertThat(handled)
                    .containsExactly("busy cdc/a/1.parquet", "other cdc/a/2.parquet"));
  }

  @Test
  void eventsSurviveUntilASubscriberComes() {
    BrokerTransport publisher = open();
    publisher.publish(event("lake", "early"));
    BrokerTransport loader = open();
    List<String> received = new CopyOnWriteArrayList<>();

    loader.subscribe(EventRule.objectCreated("lake", ""), e -> received.add(e.key()));

    await().atMost(PATIENCE).until(() -> received.contains("early"));
  }

  @Test
  void failingHandlerIsRetriedWithBackoffThenSucceeds() {
    BrokerTransport transport = open();
    List<Long> attemptsAt = new CopyOnWriteArrayList<>();
    List<String> handled = new CopyOnWriteArrayList<>();
    transport.subscribe(
        EventRule.objectCreated("lake", ""),
        e -> {
          attemptsAt.add(System.nanoTime());
          if (attemptsAt.size() < 3) {
            throw new IllegalStateException("warehouse busy");
          }
          handled.add(e.key());
        });

    transport.publish(event("lake", "cdc/a/1.parquet"));

    await().atMost(PATIENCE).until(() -> handled.size() == 1);
    assertThat(handled).containsExactly("cdc/a/1.parquet");
    assertThat(attemptsAt).hasSize(3);
    assertThat(gapMillis(attemptsAt, 1)).isGreaterThanOrEqualTo(200);
    assertThat(gapMillis(attemptsAt, 2)).isGreaterThanOrEqualTo(400);
    assertThat(transport.deadLetterCount()).isZero();
  }

  @Test
  void peekShowsDeadLettersWithTheirReasonsAndLeavesThemInPlace() {
    BrokerTransport transport = open();
    assertThat(transport.peekDeadLetters(10)).isEmpty();
    transport.subscribe(
        EventRule.objectCreated("lake", ""),
        e -> {
          throw new IllegalStateException("cannot load " + e.key());
        });

    transport.publish(event("lake", "cdc/bad-1.parquet"));
    transport.publish(event("lake", "cdc/bad-2.parquet"));
    await().atMost(PATIENCE).until(() -> transport.deadLetterCount() == 2);

    for (int look = 0; look < 2; look++) { // looking twice: nothing was taken
      List<DeadLetterMessage> letters = transport.peekDeadLetters(10);
      assertThat(letters)
          .extracting(DeadLetterMessage::objectKey, DeadLetterMessage::reason)
          .containsExactlyInAnyOrder(
              org.assertj.core.groups.Tuple.tuple(
                  "cdc/bad-1.parquet", "cannot load cdc/bad-1.parquet"),
              org.assertj.core.groups.Tuple.tuple(
                  "cdc/bad-2.parquet", "cannot load cdc/bad-2.parquet"));
      assertThat(letters)
          .allSatisfy(
              letter -> {
                assertThat(letter.attempts()).contains(3);
                assertThat(letter.failedAt()).isPresent();
              });
    }
    assertThat(transport.peekDeadLetters(1)).hasSize(1);
    assertThat(transport.deadLetterCount()).isEqualTo(2);
  }

  @Test
  void alwaysFailingHandlerDeadLettersWithTheReason() throws Exception {
    BrokerTransport transport = open();
    AtomicInteger calls = new AtomicInteger();
    List<String> good = new CopyOnWriteArrayList<>();
    transport.subscribe(
        EventRule.objectCreated("lake", ""),
        e -> {
          if (e.key().equals("good")) {
            good.add(e.key());
            return;
          }
          calls.incrementAndGet();
          throw new IllegalStateException("table shop.orders has no primary key");
        });

    transport.publish(event("lake", "cdc/bad.parquet"));
    transport.publish(event("lake", "good"));

    await().atMost(PATIENCE).until(() -> transport.deadLetterCount() == 1);
    assertThat(good).containsExactly("good"); // the failing event held nothing back
    assertThat(calls).hasValue(3);
    assertThat(deadMessages(name))
        .containsExactly(
            new DeadMessage("cdc/bad.parquet", "table shop.orders has no primary key", "3"));
  }

  @Test
  void patternsFilterEvents() {
    BrokerTransport transport = open();
    List<String> received = new CopyOnWriteArrayList<>();
    transport.subscribe(
        EventPattern.parse(
            "{\"detail\":{\"bucket\":{\"name\":[{\"anything-but\":[\"scratch\"]}]},"
                + "\"object\":{\"key\":[{\"prefix\":\"cdc/\"}]}}}"),
        e -> received.add(e.bucket() + "/" + e.key()));

    transport.publish(event("lake", "cdc/1"));
    transport.publish(event("scratch", "cdc/2"));
    transport.publish(event("lake", "full/3"));
    transport.publish(event("other", "cdc/4"));
    transport.publish(event("lake", "cdc/last"));

    await().atMost(PATIENCE).until(() -> received.contains("lake/cdc/last"));
    assertThat(received).containsExactlyInAnyOrder("lake/cdc/1", "other/cdc/4", "lake/cdc/last");
  }

  /**
   * Three loaders on three connections, one of them a child JVM killed with SIGKILL while it
   * handles an event: every event is loaded once in effect (ledger keyed by object key), the killed
   * one by another loader after the broker redelivers it.
   */
  @Test
  void threeLoadersShareTheQueueAndSurviveAKill(@TempDir Path dir) throws Exception {
    Ledger ledger = new Ledger(dir);
    Process child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                WorkQueueChild.class.getName(),
                kind(),
                name,
                dir.toString(),
                "3",
                String.valueOf(sqsEndpoint))
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("child.out").toFile())
            .start();
    try {
      await()
          .atMost(PATIENCE)
          .until(() -> Files.exists(dir.resolve("child-ready")) || !child.isAlive());
      assertThat(child.isAlive()).as("child started; see " + dir.resolve("child.out")).isTrue();
      BrokerTransport first = open();
      BrokerTransport second = open();
      Path hung = dir.resolve("hung");
      for (String consumer : List.of("one", "two")) {
        BrokerTransport transport = consumer.equals("one") ? first : second;
        transport.subscribe(
            EventRule.objectCreated("lake", ""),
            e -> {
              // Hold the first event until the child hangs: the events the child needs to reach
              // its hanging delivery then cannot all go here while its JVM is still warming up.
              await().atMost(PATIENCE).until(() -> Files.exists(hung));
              ledger.load(consumer, e.key());
              work();
            });
      }
      int events = 60;
      Set<String> keys = new HashSet<>();
      for (int i = 0; i < events; i++) {
        String key = "cdc/shop/orders/" + i + ".parquet";
        keys.add(URLEncoder.encode(key, StandardCharsets.UTF_8));
        first.publish(event("lake", key));
      }

      await().atMost(PATIENCE).until(() -> Files.exists(hung));
      String hungKey = Files.readString(hung);
      child.destroyForcibly(); // SIGKILL
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();

      await().atMost(PATIENCE).until(() -> ledger.loaded().keySet().equals(keys));
      Map<String, String> loaded = ledger.loaded();
      assertThat(loaded).hasSize(events);
      assertThat(loaded.get(URLEncoder.encode(hungKey, StandardCharsets.UTF_8))).isIn("one", "two");
      Map<String, Long> loadedBy = new java.util.TreeMap<>();
      loaded.values().forEach(c -> loadedBy.merge(c, 1L, Long::sum));
      int deliveries = 0;
      for (String consumer : List.of("one", "two", "child")) {
        deliveries += ledger.deliveries(consumer).size();
      }
      System.out.printf(
          "%s work queue: %d events, loaded per consumer %s, %d deliveries (%d redelivered),"
              + " killed the child while it handled %s%n",
          kind(), events, loadedBy, deliveries, deliveries - events, hungKey);
      assertThat(loadedBy.get("child")).isGreaterThanOrEqualTo(2L);
      assertThat(loadedBy.get("one")).isPositive();
      assertThat(loadedBy.get("two")).isPositive();
      assertThat(deliveries).isGreaterThan(events); // the killed child's event came again
      assertThat(ledger.deliveries("child")).contains(hungKey);
      assertThat(first.deadLetterCount()).isZero();
    } finally {
      child.destroyForcibly();
    }
  }

  private static void work() {
    pause(20); // simulated load time, so the child gets its share
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static long gapMillis(List<Long> nanos, int index) {
    return TimeUnit.NANOSECONDS.toMillis(nanos.get(index) - nanos.get(index - 1));
  }

  /** An Object Created event for {@code key} in {@code bucket}, with a new id. */
  public static ObjectCreated event(String bucket, String key) {
    return new ObjectCreated(
        "id-" + UUID.randomUUID(),
        Instant.parse("2024-05-01T12:00:00Z"),
        "local",
        bucket,
        key,
        1,
        "etag",
        "0000000000000001",
        "PutObject");
  }
}
