package dev.binlake.capture.sink;

import static dev.binlake.capture.sink.SinkFixture.offset;
import static dev.binlake.capture.sink.SinkFixture.stream;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchRuntimeException;

import dev.binlake.capture.mapping.Captured;
import dev.binlake.capture.offset.CheckpointStore;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A sink that failed stays failed: the checkpoint never passes changes that are not durable. */
class ChangeSinkFailureTest {
  @TempDir Path temp;
  private SinkFixture fixture;
  private SinkFixture.MutableClock clock;

  @BeforeEach
  void createFixture() {
    fixture = new SinkFixture(temp);
    clock = fixture.clock;
  }

  /**
   * A failed store drops the file's local copy: its changes exist only at the source then. The
   * checkpoint must keep pointing before them whatever comes next (ticks, idle progress, more
   * records), or a restart skips them (CloseAfterFailedStoreIT once lost its insert so: a tick
   * between the failed flush and close checkpointed the offset after it).
   */
  @Test
  void afterAFailedStoreTheCheckpointNeverPassesTheUnstoredChanges() {
    CrashingStore store = new CrashingStore();
    CheckpointStore checkpoints = new CheckpointStore(temp.resolve("state"));
    try (ChangeSink sink = fixture.sink(store, Duration.ofSeconds(60))) {
      sink.recover();
      stream(0, 2).forEach(sink::accept);
      sink.flush();
      stream(2, 4).forEach(sink::accept); // unstored from here on
      store.crash.set(true);
      RuntimeException failure = catchRuntimeException(sink::flush);
      assertThat(failure).hasMessageContaining("crashed");

      clock.advance(Duration.ofSeconds(5));
      sink.tick();
      sink.checkpointNow();
      assertThat(catchRuntimeException(() -> sink.accept(new Captured.Progress(offset(9)))))
          .isSameAs(failure);
      assertThat(catchRuntimeException(() -> sink.accept(stream(4, 5).get(0)))).isSameAs(failure);
      sink.tick();
      assertThat(catchRuntimeException(sink::flush)).isSameAs(failure);
    }
    assertThat(checkpoints.read().resumeOffset()).contains(offset(1));
    assertThat(store.refused.get()).isEqualTo(1);
  }

  /**
   * A record that cannot be written (here a NULL in a NOT NULL column) is already past the sink's
   * offset: a later tick that stores the other open files must not checkpoint past it.
   */
  @Test
  void aRefusedRecordStopsTheCheckpointBeforeIt() {
    InMemoryStore store = new InMemoryStore();
    CheckpointStore checkpoints = new CheckpointStore(temp.resolve("state"));
    try (ChangeSink sink = fixture.sink(store, Duration.ofMillis(500))) {
      sink.recover();
      stream(0, 2).forEach(sink::accept);
      sink.flush();
      stream(2, 4).forEach(sink::accept);
      Captured.Change bad = (Captured.Change) stream(4, 5).get(0);
      bad.record().values()[0] = null;
      RuntimeException refused = catchRuntimeException(() -> sink.accept(bad));
      assertThat(refused).hasMessageContaining("is not optional but null");

      clock.advance(Duration.ofSeconds(5)); // old enough to roll, and to checkpoint when idle
      sink.tick();
      assertThat(catchRuntimeException(() -> sink.accept(stream(5, 6).get(0)))).isSameAs(refused);
      assertThat(catchRuntimeException(sink::flush)).isSameAs(refused);
    }
    assertThat(store.keys()).hasSize(2); // the first flush's files only
    assertThat(checkpoints.read().resumeOffset()).contains(offset(1));
  }
}
