package dev.binlake.events;

import static java.util.Objects.requireNonNull;

import dev.binlake.api.BinlakeException;
import dev.binlake.api.ErrorCode;
import dev.binlake.api.EventRule;
import dev.binlake.api.EventTransport;
import dev.binlake.api.ObjectCreated;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers events inside one JVM. {@link #publish} never blocks and never drops: each matching
 * subscription has its own unbounded queue (an event is a few hundred bytes). Each subscription has
 * one delivery thread, so its handler sees one event at a time. A handler that throws gets the
 * event again after {@link RetryPolicy#delayAfter} while other events go ahead (no head-of-line
 * blocking, so order is not guaranteed after a failure); after the last attempt the event goes to
 * the dead-letter callback.
 *
 * <p>Nothing is kept across restarts: events still queued or waiting for a retry when the transport
 * or a subscription closes are dropped (logged at WARN); binlake's periodic listing pass loads
 * their files.
 */
public final class InProcessEventTransport implements EventTransport {
  private static final Logger log = LoggerFactory.getLogger(InProcessEventTransport.class);
  private static final AtomicInteger threadNumber = new AtomicInteger();

  private final RetryPolicy retryPolicy;
  private final Consumer<DeadLetter> deadLetters;
  private final Clock clock;
  private final List<DeliveryLoop> subscriptions = new CopyOnWriteArrayList<>();
  private final Object idleLock = new Object();
  private long outstanding; // guarded by idleLock: queued, waiting to retry or being handled
  private volatile boolean closed;

  /** Default retries; dead letters are logged at ERROR. */
  public InProcessEventTransport() {
    this(RetryPolicy.DEFAULT, InProcessEventTransport::logDeadLetter);
  }

  public InProcessEventTransport(RetryPolicy retryPolicy, Consumer<DeadLetter> deadLetters) {
    this.retryPolicy = requireNonNull(retryPolicy, "retryPolicy is null");
    this.deadLetters = requireNonNull(deadLetters, "deadLetters is null");
    this.clock = Clock.systemUTC();
  }

  @Override
  public void publish(ObjectCreated event) {
    requireNonNull(event, "event is null");
    if (closed) {
      throw new BinlakeException(
          ErrorCode.INTERNAL,
          "Cannot publish event for %s: the event transport is closed (publish before closing it)",
          event.key());
    }
    for (DeliveryLoop subscription : subscriptions) {
      if (subscription.rule.matches(ObjectCreated.SOURCE, ObjectCreated.DETAIL_TYPE, event)) {
        subscription.enqueue(new Pending(event, 1, System.nanoTime()));
      }
    }
  }

  @Override
  public Subscription subscribe(EventRule rule, EventHandler handler) {
    requireNonNull(rule, "rule is null");
    requireNonNull(handler, "handler is null");
    if (closed) {
      throw new BinlakeException(
          ErrorCode.INTERNAL, "Cannot subscribe to %s: the event transport is closed", rule);
    }
    DeliveryLoop loop = new DeliveryLoop(rule, handler);
    subscriptions.add(loop);
    loop.thread.start();
    return loop::close;
  }

  /**
   * Waits until every published event has been handled or dead-lettered: no queue holds an event,
   * none waits for a retry and no handler runs. Returns false if that did not happen in time.
   */
  public boolean awaitIdle(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (idleLock) {
      while (outstanding > 0) {
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(idleLock, remaining);
      }
      return true;
    }
  }

  /** Stops all subscriptions, waiting for handlers that are running to finish. */
  @Override
  public void close() {
    closed = true;
    for (DeliveryLoop subscription : subscriptions) {
      subscription.close();
    }
  }

  private void changeOutstanding(long delta) {
    synchronized (idleLock) {
      outstanding += delta;
      if (outstanding == 0) {
        idleLock.notifyAll();
      }
    }
  }

  private static void logDeadLetter(DeadLetter letter) {
    log.error(
        "Gave up on event for s3://{}/{} after {} attempts: {}",
        letter.event().bucket(),
        letter.event().key(),
        letter.attempts(),
        letter.reason());
  }

  /** An event due for its {@code attempt}-th delivery at {@code dueNanos} (System.nanoTime). */
  private static final class Pending implements Delayed {
    private static final AtomicLong order = new AtomicLong();

    final ObjectCreated event;
    final int attempt;
    final long dueNanos;
    final long sequence = order.incrementAndGet();

    Pending(ObjectCreated event, int attempt, long dueNanos) {
      this.event = event;
      this.attempt = attempt;
      this.dueNanos = dueNanos;
    }

    @Override
    public long getDelay(TimeUnit unit) {
      return unit.convert(dueNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
    }

    @Override
    public int compareTo(Delayed other) {
      Pending that = (Pending) other;
      int byDue = Long.compare(dueNanos - that.dueNanos, 0);
      return byDue != 0 ? byDue : Long.compare(sequence, that.sequence);
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Pending && ((Pending) other).sequence == sequence;
    }

    @Override
    public int hashCode() {
      return Long.hashCode(sequence);
    }
  }

  /** One subscription: its queue and the thread that hands events to its handler. */
  private final class DeliveryLoop implements Runnable {
    private final EventRule rule;
    private final EventHandler handler;
    private final DelayQueue<Pending> queue = new DelayQueue<>();
    private final Thread thread;
    private volatile boolean stopped;

    DeliveryLoop(EventRule rule, EventHandler handler) {
      this.rule = rule;
      this.handler = handler;
      this.thread = new Thread(this, "binlake-events-" + threadNumber.incrementAndGet());
      this.thread.setDaemon(true);
    }

    void enqueue(Pending pending) {
      changeOutstanding(1);
      queue.add(pending);
      if (stopped && queue.remove(pending)) {
        changeOutstanding(-1); // lost the race with close(): drop it as close() would have
      }
    }

    @Override
    public void run() {
      while (true) {
        Pending pending;
        try {
          pending = queue.take();
        } catch (InterruptedException e) {
          log.warn("Delivery thread for {} interrupted; stopping it", rule);
          return;
        }
        if (pending.event == null) {
          return; // close()'s wake-up marker
        }
        try {
          if (!stopped) {
            deliver(pending);
          }
        } finally {
          changeOutstanding(-1);
        }
        if (stopped) {
          return;
        }
      }
    }

    private void deliver(Pending pending) {
      try {
        handler.handle(pending.event);
        return;
      } catch (Throwable failure) {
        if (failure instanceof VirtualMachineError) {
          throw (VirtualMachineError) failure;
        }
        String reason =
            failure.getMessage() != null ? failure.getMessage() : failure.getClass().getName();
        if (pending.attempt >= retryPolicy.maxAttempts()) {
          deadLetter(pending, reason);
          return;
        }
        Duration delay = retryPolicy.delayAfter(pending.attempt);
        log.warn(
            "Handling event for s3://{}/{} failed (attempt {} of {}), retrying in {} ms: {}",
            pending.event.bucket(),
            pending.event.key(),
            pending.attempt,
            retryPolicy.maxAttempts(),
            delay.toMillis(),
            reason);
        enqueue(
            new Pending(pending.event, pending.attempt + 1, System.nanoTime() + delay.toNanos()));
      }
    }

    private void deadLetter(Pending pending, String reason) {
      DeadLetter letter =
          new DeadLetter(pending.event, rule, reason, pending.attempt, clock.instant());
      try {
        deadLetters.accept(letter);
      } catch (RuntimeException e) {
        log.error(
            "Dead-letter callback failed for s3://{}/{}",
            letter.event().bucket(),
            letter.event().key(),
            e);
      }
    }

    void close() {
      if (stopped) {
        return;
      }
      stopped = true;
      subscriptions.remove(this);
      // Wake the thread if it waits; a running handler finishes undisturbed (no interrupt).
      queue.add(new Pending(null, 0, System.nanoTime()));
      if (Thread.currentThread() != thread) {
        try {
          thread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      long dropped = 0;
      for (Object item : queue.toArray()) {
        Pending pending = (Pending) item;
        if (queue.remove(pending) && pending.event != null) {
          dropped++; // remove() is true only for us, so a racing delivery is not counted twice
        }
      }
      if (dropped > 0) {
        log.warn("Dropped {} undelivered events for {} on close", dropped, rule);
        changeOutstanding(-dropped);
      }
    }
  }
}
