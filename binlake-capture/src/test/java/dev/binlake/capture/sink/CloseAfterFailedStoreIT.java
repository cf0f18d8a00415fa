package dev.binlake.capture.sink;

import static dev.binlake.capture.sink.CaptureFixture.keys;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.binlake.capture.Capture;
import dev.binlake.capture.preflight.Preflight;
import dev.binlake.files.RollingPolicy;
import dev.binlake.testing.ThrowawayMariaDb;
import dev.binlake.testing.junit.WithMariaDb;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run --once} stores the open files itself ({@link ChangeSink#flush}) and then closes
 * capture in a try-with-resources. When that store fails, closing must not throw the same failure
 * again: Java cannot suppress an exception into itself, and the user saw "internal error:
 * Self-suppression not permitted" instead of the storage problem (BadInputIT, under CPU load,
 * whenever the engine thread had not yet recorded the failure itself). Nothing is lost: the next
 * start captures the unstored change again.
 */
@WithMariaDb
class CloseAfterFailedStoreIT {
  @TempDir Path temp;

  @Test
  void closingAfterAFailedFlushReportsTheFailureOnceAndLosesNothing(ThrowawayMariaDb server)
      throws Exception {
    String db = server.createDatabase("closefail");
    server.executeIn(db, "CREATE TABLE t (id BIGINT PRIMARY KEY)");
    CaptureFixture fixture =
        new CaptureFixture(
            server,
            db,
            5412,
            temp.resolve("state"),
            new RollingPolicy(Duration.ofHours(1), 64L << 20)); // nothing rolls by itself
    CrashingStore store = new CrashingStore();
    Capture first = fixture.start(store);
    first.awaitPosition( // the (empty) snapshot is over: the insert streams into an open file
        new Preflight(fixture.source()).check().binlogEnd(), Duration.ofSeconds(60));
    server.executeIn(db, "INSERT INTO t VALUES (1)");
    first.awaitPosition(
        new Preflight(fixture.source()).check().binlogEnd(), Duration.ofSeconds(60));
    store.crash.set(true);

    Throwable flushed = catchThrowable(() -> fixture.sink().flush());
    Throwable closed = catchThrowable(first::close);

    assertThat(flushed).isInstanceOf(IllegalStateException.class).hasMessageContaining("crashed");
    assertThat(closed).as("close after the reported failure").isNull();
    assertThat(store.refused.get()).as("stores tried").isEqualTo(1);
    assertThat(keys(store, "/t/")).isEmpty();

    store.crash.set(false);
    Capture second = fixture.start(store);
    second.awaitPosition(
        new Preflight(fixture.source()).check().binlogEnd(), Duration.ofSeconds(60));
    fixture.sink().flush();
    second.close();
    assertThat(CaptureFixture.rows(store, "/t/", temp))
        .extracting(r -> r.op().code() + " " + r.id())
        .containsExactly("I 1");
  }
}
