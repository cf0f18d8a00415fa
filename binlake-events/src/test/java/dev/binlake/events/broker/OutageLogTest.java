package dev.binlake.events.broker;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class OutageLogTest {
  private final Logger logger = (Logger) LoggerFactory.getLogger("test.outage");
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
  private final MutableClock clock = new MutableClock();
  private final OutageLog outage =
      new OutageLog(logger, "Receiving from queue q works", Duration.ofMinutes(1), clock);

  @BeforeEach
  void capture() {
    appender.start();
    logger.addAppender(appender);
    logger.setLevel(Level.DEBUG);
    logger.setAdditive(false);
  }

  @AfterEach
  void release() {
    logger.detachAppender(appender);
  }

  @Test
  void warnsOnceThenEveryReminderIntervalAndInformsWhenItEnds() {
    IOException gone = new IOException("queue is gone");
    for (int second = 0; second < 150; second++) { // a failed attempt every second for 2.5 min
      outage.failed("Cannot receive from queue q; trying again every 1 s", gone);
      clock.advance(Duration.ofSeconds(1));
    }
    outage.succeeded();

    assertThat(lines(Level.WARN))
        .containsExactly(
            "Cannot receive from queue q; trying again every 1 s: java.io.IOException: queue is"
                + " gone",
            "Cannot receive from queue q; trying again every 1 s: java.io.IOException: queue is"
                + " gone (failing for 60 s, 61 attempts; logged again in 60 s if it lasts)",
            "Cannot receive from queue q; trying again every 1 s: java.io.IOException: queue is"
                + " gone (failing for 120 s, 121 attempts; logged again in 60 s if it lasts)");
    assertThat(appender.list.get(0).getThrowableProxy().getMessage()).isEqualTo("queue is gone");
    assertThat(lines(Level.DEBUG)).hasSize(147);
    assertThat(lines(Level.INFO))
        .containsExactly(
            "Receiving from queue q works again (after 150 failed attempts over 150 s)");
    assertThat(outage.isFailing()).isFalse();
  }

  @Test
  void warnsAtOnceWhenTheKindOfFailureChanges() {
    outage.failed("Cannot receive", new IOException("connection refused"));
    outage.failed("Cannot receive", new IOException("connection refused"));
    outage.failed("Cannot receive", new IllegalStateException("queue is gone"));

    assertThat(lines(Level.WARN))
        .containsExactly(
            "Cannot receive: java.io.IOException: connection refused",
            "Cannot receive: java.lang.IllegalStateException: queue is gone");
    assertThat(outage.isFailing()).isTrue();
  }

  @Test
  void successWithoutAnOutageLogsNothing() {
    outage.succeeded();

    assertThat(appender.list).isEmpty();
  }

  @Test
  void anOutageAfterARecoveryIsWarnedAboutAgain() {
    outage.failed("Cannot receive", new IOException("refused"));
    outage.succeeded();
    outage.failed("Cannot receive", new IOException("refused"));

    assertThat(lines(Level.WARN))
        .containsExactly(
            "Cannot receive: java.io.IOException: refused",
            "Cannot receive: java.io.IOException: refused");
  }

  private List<String> lines(Level level) {
    return appender.list.stream()
        .filter(event -> event.getLevel() == level)
        .map(ILoggingEvent::getFormattedMessage)
        .toList();
  }

  private static final class MutableClock extends Clock {
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");

    void advance(Duration duration) {
      now = now.plus(duration);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException();
    }
  }
}
