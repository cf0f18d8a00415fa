package dev.binlake.capture;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Counting heartbeats at one position, which {@code Capture.awaitPosition} relies on. */
class HeartbeatsAtTest {
  private static final BinlogPosition DDL = new BinlogPosition("mariadb-bin.000001", 2599);
  private static final BinlogPosition AFTER = new BinlogPosition("mariadb-bin.000001", 2760);

  @Test
  void needsThreeHeartbeatsInARowAtThePosition() {
    HeartbeatsAt seen = HeartbeatsAt.next(null, DDL);
    seen = HeartbeatsAt.next(seen, DDL);
    assertThat(HeartbeatsAt.enoughAt(seen, DDL)).isFalse();
    seen = HeartbeatsAt.next(seen, DDL);
    assertThat(HeartbeatsAt.enoughAt(seen, DDL)).isTrue();
    assertThat(HeartbeatsAt.enoughAt(seen, AFTER)).isFalse();
  }

  @Test
  void aNewPositionStartsTheCountAgain() {
    HeartbeatsAt seen = null;
    for (int i = 0; i < 5; i++) {
      seen = HeartbeatsAt.next(seen, DDL);
    }
    seen = HeartbeatsAt.next(seen, AFTER);
    assertThat(seen.count()).isEqualTo(1);
    assertThat(HeartbeatsAt.enoughAt(seen, AFTER)).isFalse();
  }

  @Test
  void aRefusedCheckWaitsForAsManyHeartbeatsAgain() {
    HeartbeatsAt seen = new HeartbeatsAt(DDL, 3, null);
    HeartbeatsAt refused = seen.checked(false);
    assertThat(refused.ddlChecked()).isNull();
    assertThat(HeartbeatsAt.enoughAt(refused, DDL)).isFalse();
    assertThat(seen.checked(true).ddlChecked()).isTrue();
  }
}
