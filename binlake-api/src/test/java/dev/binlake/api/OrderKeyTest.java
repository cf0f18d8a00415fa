package dev.binlake.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class OrderKeyTest {
  @Test
  void ordersByFileThenPositionThenRowThenPart() {
    OrderKey a = OrderKey.streamed(1, 999, 5, 0);
    OrderKey b = OrderKey.streamed(1, 1000, 0, 0);
    OrderKey c = OrderKey.streamed(1, 1000, 1, 0);
    OrderKey d = OrderKey.streamed(1, 1000, 1, 1);
    OrderKey e = OrderKey.streamed(2, 4, 0, 0);
    assertThat(a).isLessThan(b);
    assertThat(b).isLessThan(c);
    assertThat(c).isLessThan(d);
    assertThat(d).isLessThan(e);
  }

  @Test
  void snapshotRowsSortBeforeChangesStreamedAfterTheSnapshotPoint() {
    OrderKey snapshot = OrderKey.snapshot(3, 1128, 999_999);
    OrderKey streamed = OrderKey.streamed(3, 1129, 0, 0);
    assertThat(snapshot).isLessThan(streamed);
    assertThat(snapshot.isSnapshot()).isTrue();
    assertThat(streamed.isSnapshot()).isFalse();
    assertThat(OrderKey.MIN).isLessThan(snapshot);
  }

  @Test
  void isFixedWidthText() {
    assertThat(OrderKey.streamed(42, 1234, 7, 1).value())
        .isEqualTo("00000042-000000001234-1-000000000007-1")
        .hasSize(OrderKey.LENGTH);
    assertThatThrownBy(() -> new OrderKey("12")).hasMessageContaining("must have 38 characters");
  }
}
