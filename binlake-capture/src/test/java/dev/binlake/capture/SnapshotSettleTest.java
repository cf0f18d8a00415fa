package dev.binlake.capture;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SnapshotSettleTest {
  @Test
  void anOverLookingSnapshotMustStayOverAcrossTwoHeartbeats() {
    SnapshotSettle settle = new SnapshotSettle(2);
    assertThat(settle.settled(true, true, 10)).isFalse();
    assertThat(settle.settled(true, true, 11)).isFalse();
    assertThat(settle.settled(true, true, 12)).isTrue();
  }

  @Test
  void lookingBusyAgainStartsTheCountAfresh() {
    SnapshotSettle settle = new SnapshotSettle(2);
    assertThat(settle.settled(true, true, 10)).isFalse();
    assertThat(settle.settled(false, true, 11)).isFalse(); // a closed window brought rows
    assertThat(settle.settled(true, true, 12)).isFalse();
    assertThat(settle.settled(true, true, 13)).isFalse();
    assertThat(settle.settled(true, true, 14)).isTrue();
  }

  @Test
  void withoutAChunkedSnapshotNothingIsAwaited() {
    SnapshotSettle settle = new SnapshotSettle(2);
    assertThat(settle.settled(true, false, 0)).isTrue();
    assertThat(settle.settled(false, false, 0)).isFalse();
  }
}
