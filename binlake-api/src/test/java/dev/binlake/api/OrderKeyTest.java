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

  @Test
  void formatsLikeTheDocumentedFormatStringAtEveryWidth() {
    java.util.Random random = new java.util.Random(6);
    long[] files = {0, 1, 9, 10, 42, 99_999_999L};
    long[] big = {0, 1, 9, 10, 4, 999_999_999_999L, 100_000_000_000L, 123_456_789_012L};
    for (int i = 0; i < 2000; i++) {
      long file = i < files.length ? files[i] : random.nextLong(100_000_000L);
      long position = i < big.length ? big[i] : (long) (random.nextDouble() * 1e12);
      long row = i < big.length ? big[big.length - 1 - i] : random.nextLong(1L << (i % 40));
      int part = random.nextInt(10);
      assertThat(OrderKey.streamed(file, position, row, part).value())
          .isEqualTo(String.format("%08d-%012d-1-%012d-%d", file, position, row, part));
      assertThat(OrderKey.snapshot(file, position, row).value())
          .isEqualTo(String.format("%08d-%012d-0-%012d-0", file, position, row));
    }
    assertThatThrownBy(() -> OrderKey.streamed(100_000_000L, 4, 0, 0))
        .hasMessage("binlog file number out of range: 100000000");
    assertThatThrownBy(() -> OrderKey.streamed(1, 1_000_000_000_000L, 0, 0))
        .hasMessage("binlog position or row out of range: 1000000000000/0");
    assertThatThrownBy(() -> OrderKey.streamed(1, 4, 0, 10)).hasMessage("part out of range: 10");
  }
}
