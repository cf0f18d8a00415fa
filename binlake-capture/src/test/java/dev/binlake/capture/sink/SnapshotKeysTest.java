package dev.binlake.capture.sink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.binlake.api.OrderKey;
import org.junit.jupiter.api.Test;

class SnapshotKeysTest {
  @Test
  void nextSnapshotKeyAtTheSamePointOrJustAfterAStreamedChange() {
    OrderKey snapshot = OrderKey.snapshot(3, 1200, 41);
    assertThat(SnapshotKeys.after(snapshot)).isEqualTo(OrderKey.snapshot(3, 1200, 42));
    OrderKey streamed = OrderKey.streamed(3, 1200, 7, 1);
    OrderKey after = SnapshotKeys.after(streamed);
    assertThat(after).isEqualTo(OrderKey.snapshot(3, 1201, 1));
    assertThat(after.isAfter(streamed)).isTrue();
    assertThat(OrderKey.streamed(3, 1219, 0, 0).isAfter(after)).isTrue();
  }
}
