package dev.binlake.capture;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Counting heartbeats at one position, which {@code Capture.awaitPosition} relies on. */
class HeartbeatsAtTest {
  private static final BinlogPosition DDL = new BinlogPosition("mariadb-bin.000001", 2599);
  private static final BinlogPosition AFTER = new BinlogPosition("mariadb-bin.000001", 2760);

  @Test
  void needsThreeHeartbeatsInARowAtThePosition() {
    Capture.HeartbeatsAt seen = Capture.HeartbeatsAt.next(null, DDL);
    seen = Capture.HeartbeatsAt.next(seen, DDL);
    assertThat(Capture.HeartbeatsAt.enoughAt(seen, DDL)).isFalse();
    seen = Capture.HeartbeatsAt.next(seen, DDL);
    assertThat(Capture.HeartbeatsAt.enoughAt(seen, DDL)).isTrue();
    assertThat(Capture.HeartbeatsAt.enoughAt(seen, AFTER)).isFalse();
  }

  @Test
  void aNewPositionStartsTheCountAgain() {
    Capture.HeartbeatsAt seen = null;
    for (int i = 0; i < 5; i++) {
      seen = Capture.HeartbeatsAt.next(seen, DDL);
    }
    seen = Capture.HeartbeatsAt.next(seen, AFTER);
    assertThat(seen.count()).isEqualTo(1);
    assertThat(Capture.HeartbeatsAt.enoughAt(seen, AFTER)).isFalse();
  }

  @Test
  void aRefusedCheckWaitsForAsManyHeartbeatsAgain() {
    Capture.HeartbeatsAt seen = new Capture.HeartbeatsAt(DDL, 3, null);
    Capture.HeartbeatsAt refused = seen.checked(false);
    assertThat(refused.ddlChecked()).isNull();
    assertThat(Capture.HeartbeatsAt.enoughAt(refused, DDL)).isFalse();
    assertThat(seen.checked(true).ddlChecked()).isTrue();
  }
}
