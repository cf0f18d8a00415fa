package dev.binlake.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.binlake.api.BinlakeException;
import dev.binlake.api.EventRule;
import dev.binlake.api.EventTransport.Subscription;
import dev.binlake.api.ObjectCreated;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class InProcessEventTransportTest {
  private static final RetryPolicy FAST =
      new RetryPolicy(Duration.ofMillis(5), Duration.ofMillis(20), 4);

  private final List<DeadLetter> deadLetters = new CopyOnWriteArrayList<>();
  private final InProcessEventTransport transport =
      new InProcessEventTransport(FAST, deadLetters::add);

  @AfterEach
  void close() {
    transport.close();
  }

  @Test
  void deliversPublishedEvents() throws Exception {
    List<String> received = new CopyOnWriteArrayList<>();
    transport.subscribe(EventRule.objectCreated("lake", ""), event -> received.add(event.key()));

    transport.publish(event("lake", "cdc/a/1.parquet"));
    transport.publish(event("lake", "cdc/a/2.parquet"));

    assertThat(transport.awaitIdle(Duration.ofSeconds(10))).isTrue();
    assertThat(received).containsExactly("cdc/a/1.parquet", "cdc/a/2.parquet");
    assertThat(deadLetters).isEmpty();
  }

  @Test
  void rulesFilterByBucketAndPrefix() throws Exception {
    List<String> orders = new CopyOnWriteArrayList<>();
    List<String> everything = new CopyOnWriteArrayList<>();
    transport.subscribe(
        EventRule.objectCreated("lake", "cdc/shop/orders/"), e -> orders.add(e.key()));
    transport.subscribe(EventRule.objectCreated("lake", ""), e -> everything.add(e.key()));

    transport.publish(event("lake", "cdc/shop/orders/1.parquet"));
    transport.publish(event("lake", "cdc/shop/customers/1.parquet"));
    transport.publish(event("other-bucket", "cdc/shop/orders/2.parquet"));

    assertThat(transport.awaitIdle(Duration.ofSeconds(10))).isTrue();
    assertThat(orders).containsExactly("cdc/shop/orders/1.parquet");
    assertThat(everything)
        .containsExactly("cdc/shop/orders/1.parquet", "cdc/shop/customers/1.parquet");
  }

  @Test
  void rulesForOtherSourcesGetNothing() throws Exception {
    List<String> received = new CopyOnWriteArrayList<>();
    transport.subscribe(
        new EventRule("aws.s3", "Object Deleted", "lake", ""), e -> received.add(e.key()));

    transport.publish(event("lake", "a"));

    assertThat(transport.awaitIdle(Duration.ofSeconds(10))).isTrue();
    assertThat(received).isEmpty();
  }

  @Test
  void failingHandlerIsRetriedUntilItSucceeds() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    List<String> handled = new CopyOnWriteArrayList<>();
    transport.subscribe(
        EventRule.objectCreated("lake", ""),
        event -> {
          if (calls.incrementAndGet() < 3) {
            throw new IllegalStateException("warehouse busy");
          }
          handled.add(event.key());
        });

    transport.publish(event("lake", "cdc/a/1.parquet"));

    assertThat(transport.awaitIdle(Duration.ofSeconds(10))).isTrue();
    assertThat(calls).hasValue(3);
    assertThat(handled).containsExactly("cdc/a/1.parquet");
    assertThat(deadLetters).isEmpty();
  }

  @Test
  void deadLettersAfterMaxAttemptsWithTheReason() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    EventRule rule = EventRule.objectCreated("lake", "");
    transport.subscribe(
        rule,
        event -> {
          calls.incrementAndGet();
          throw new IllegalStateException("table shop.orders has no primary key");
        });
    ObjectCreated event = event("lake", "cdc/a/1.parquet");

    transport.publish(event);

    assertThat(transport.awaitIdle(Duration.ofSeconds(10))).isTrue();
    assertThat(calls).hasValue(4);
    assertThat(deadLetters)
        .singleElement()
        .satisfies(
            letter -> {
              assertThat(letter.event()).isEqualTo(event);
              assertThat(letter.rule()).isEqualTo(rule);
              assertThat(letter.reason()).isEqualTo("table shop.orders has no primary key");
              assertThat(letter.attempts()).isEqualTo(4);
            });
  }

  @Test
  void retriesWaitWithExponentialBackoff() throws Exception {
    List<Long> attemptsAt = new CopyOnWriteArrayList<>();
    InProcessEventTransport slow =
        new InProcessEventTransport(
            new RetryPolicy(Duration.ofMillis(100), Duration.ofMillis(200), 4), deadLetters::add);
    try {
      slow.subscribe(
          EventRule.objectCreated("lake", ""),
          e -> {
            attemptsAt.add(System.nanoTime());
            throw new IllegalStateException("no");
          });
      slow.publish(event("lake", "k"));

      assertThat(slow.awaitIdle(Duration.ofSeconds(10))).isTrue();
    } finally {
      slow.close();
    }
    assertThat(attemptsAt).hasSize(4);
    assertThat(gapMillis(attemptsAt, 1)).isGreaterThanOrEqualTo(100);
    assertThat(gapMillis(attemptsAt, 2)).isGreaterThanOrEqualTo(200);
    assertThat(gapMillis(attemptsAt, 3)).isBetween(200L, 2_000L);
  }

  @Test
  void failingEventDoesNotHoldBackOthers() throws Exception {
    List<String> handled = new CopyOnWriteArrayList<>();
    InProcessEventTransport patient =
        new InProcessEventTransport(
            new RetryPolicy(Duration.ofSeconds(5), Duration.ofSeconds(5), 2), deadLetters::add);
    try {
      patient.subscribe(
          EventRule.objectCreated("lake", ""),
          e -> {
            if (e.key().equals("bad")) {
              throw new IllegalStateException("bad file");
            }
            handled.add(e.key());
          });
      patient.publish(event("lake", "bad"));
      patient.publish(event("lake", "good"));

      await().atMost(Duration.ofSeconds(3)).until(() -> handled.contains("good"));
      assertThat(patient.awaitIdle(Duration.ofMillis(50))).isFalse(); // "bad" waits for a retry
    } finally {
      patient.close();
    }
  }

  @Test
  void awaitIdleIsFalseWhileAHandlerRuns() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    transport.subscribe(EventRule.objectCreated("lake", ""), e -> awaitQuietly(release));

    transport.publish(event("lake", "k"));

    assertThat(transport.awaitIdle(Duration.ofMillis(100))).isFalse();
    release.countDown();
    assertThat(transport.awaitIdle(Duration.ofSeconds(10))).isTrue();
  }

  @Test
  void publishingNeverBlocksOnASlowHandler() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger handled = new AtomicInteger();
    transport.subscribe(
        EventRule.objectCreated("lake", ""),
        e -> {
          awaitQuietly(release);
          handled.incrementAndGet();
        });

    for (int i = 0; i < 10_000; i++) {
      transport.publish(event("lake", "k" + i));
    }
    release.countDown();

    assertThat(transport.awaitIdle(Duration.ofSeconds(30))).isTrue();
    assertThat(handled).hasValue(10_000);
  }

  @Test
  void eachSubscriptionHasItsOwnThreadAndHandlesOneEventAtATime() throws Exception {
    Map<String, Integer> concurrent = new ConcurrentHashMap<>();
    AtomicInteger inHandler = new AtomicInteger();
    AtomicInteger maxInHandler = new AtomicInteger();
    transport.subscribe(
        EventRule.objectCreated("lake", ""),
        e -> {
          maxInHandler.accumulateAndGet(inHandler.incrementAndGet(), Math::max);
          concurrent.merge(Thread.currentThread().getName(), 1, Integer::sum);
          inHandler.decrementAndGet();
        });

    for (int i = 0; i < 200; i++) {
      transport.publish(event("lake", "k" + i));
    }

    assertThat(transport.awaitIdle(Duration.ofSeconds(10))).isTrue();
    assertThat(maxInHandler).hasValue(1);
    assertThat(concurrent).hasSize(1);
  }

  @Test
  void closedSubscriptionGetsNoMoreEvents() throws Exception {
    List<String> received = new CopyOnWriteArrayList<>();
    Subscription subscription =
        transport.subscribe(EventRule.objectCreated("lake", ""), e -> received.add(e.key()));
    transport.publish(event("lake", "before"));
    assertThat(transport.awaitIdle(Duration.ofSeconds(10))).isTrue();

    subscription.close();
    transport.publish(event("lake", "after"));

    assertThat(transport.awaitIdle(Duration.ofSeconds(10))).isTrue();
    assertThat(received).containsExactly("before");
  }

  @Test
  void closeStopsDeliveryThreadsAndDropsPendingRetries() throws Exception {
    InProcessEventTransport other =
        new InProcessEventTransport(
            new RetryPolicy(Duration.ofMinutes(1), Duration.ofMinutes(1), 3), deadLetters::add);
    other.subscribe(
        EventRule.objectCreated("lake", ""),
        e -> {
          throw new IllegalStateException("down");
        });
    other.publish(event("lake", "k"));
    assertThat(other.awaitIdle(Duration.ofMillis(200))).isFalse(); // a retry is pending
    assertThat(threadsNamed("binlake-events-")).isEqualTo(1);

    other.close();

    assertThat(threadsNamed("binlake-events-")).isZero();
    assertThat(other.awaitIdle(Duration.ofSeconds(1))).isTrue();
    assertThatThrownBy(() -> other.publish(event("lake", "late")))
        .isInstanceOf(BinlakeException.class)
        .hasMessage(
            "Cannot publish event for late: the event transport is closed (publish before closing"
                + " it)");
    assertThat(deadLetters).isEmpty();
  }

  private static long threadsNamed(String prefix) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith(prefix))
        .count();
  }

  private static long gapMillis(List<Long> nanos, int index) {
    return TimeUnit.NANOSECONDS.toMillis(nanos.get(index) - nanos.get(index - 1));
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static ObjectCreated event(String bucket, String key) {
    return new ObjectCreated(
        "id-" + key,
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
