package dev.binlake.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.binlake.api.ObjectCreated;
import dev.binlake.api.StoredObject;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ObjectCreatedEventsTest {
  private final Clock clock = Clock.fixed(Instant.parse("2024-05-01T12:00:07.5Z"), ZoneOffset.UTC);
  private final StoredObject stored =
      new StoredObject("cdc/a/b.parquet", 42, "abc", Instant.parse("2024-05-01T12:00:07Z"));

  @Test
  void describesTheStoredObject() {
    ObjectCreated event = ObjectCreatedEvents.forPut("lake", stored, "local", clock);

    assertThat(event.bucket()).isEqualTo("lake");
    assertThat(event.key()).isEqualTo("cdc/a/b.parquet");
    assertThat(event.size()).isEqualTo(42);
    assertThat(event.etag()).isEqualTo("abc");
    assertThat(event.region()).isEqualTo("local");
    assertThat(event.reason()).isEqualTo("PutObject");
    assertThat(event.time()).isEqualTo(Instant.parse("2024-05-01T12:00:07Z"));
    assertThat(event.id()).hasSize(36);
  }

  @Test
  void sequencersGrowEvenWithinOneMicrosecond() {
    String first = ObjectCreatedEvents.forPut("lake", stored, "local", clock).sequencer();
    String second = ObjectCreatedEvents.forPut("lake", stored, "local", clock).sequencer();

    assertThat(first).hasSize(16);
    assertThat(second).hasSize(16).isGreaterThan(first);
  }
}
