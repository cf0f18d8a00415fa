package dev.binlake.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.binlake.api.BinlakeException;
import dev.binlake.api.ErrorCode;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RollingPolicyTest {
  private static final long MB = 1024 * 1024;

  @Test
  void defaultsAreSixtySecondsAndThirtyTwoMegabytes() {
    assertThat(RollingPolicy.DEFAULT.maxBatchInterval()).isEqualTo(Duration.ofSeconds(60));
    assertThat(RollingPolicy.DEFAULT.minFileSize()).isEqualTo(32 * MB);
  }

  @Test
  void rollsFileWhenMaxBatchIntervalPasses() {
    RollingPolicy policy = RollingPolicy.DEFAULT;

    assertThat(policy.shouldRoll(Duration.ofMillis(59_999), 1)).isFalse();
    assertThat(policy.shouldRoll(Duration.ofSeconds(60), 1)).isTrue();
    assertThat(policy.shouldRoll(Duration.ofMinutes(5), 0)).isTrue();
  }

  @Test
  void rollsFileWhenMinFileSizeIsReachedWhicheverComesFirst() {
    RollingPolicy policy = RollingPolicy.DEFAULT;

    assertThat(policy.shouldRoll(Duration.ZERO, 32 * MB - 1)).isFalse();
    assertThat(policy.shouldRoll(Duration.ZERO, 32 * MB)).isTrue();
    assertThat(policy.shouldRoll(Duration.ofSeconds(1), 100 * MB)).isTrue();
  }

  @Test
  void tellsHowLongUntilAFileRollsByAge() {
    RollingPolicy policy = new RollingPolicy(Duration.ofMillis(100), MB);

    assertThat(policy.timeUntilRoll(Duration.ZERO)).isEqualTo(Duration.ofMillis(100));
    assertThat(policy.timeUntilRoll(Duration.ofMillis(30))).isEqualTo(Duration.ofMillis(70));
    assertThat(policy.timeUntilRoll(Duration.ofMillis(100))).isEqualTo(Duration.ZERO);
    assertThat(policy.timeUntilRoll(Duration.ofSeconds(3))).isEqualTo(Duration.ZERO);
    assertThat(policy.shouldRoll(Duration.ofMillis(100), 0)).isTrue();
  }

  @Test
  void rejectsIntervalsBelowOneHundredMilliseconds() {
    assertThatThrownBy(() -> new RollingPolicy(Duration.ofMillis(99), MB))
        .isInstanceOf(BinlakeException.class)
        .hasMessage(
            "Cannot use files.max-batch-interval PT0.099S: it is below 100ms (set 100ms"
                + " or more; the default is 60s)")
        .extracting(e -> ((BinlakeException) e).code())
        .isEqualTo(ErrorCode.CONFIG_INVALID);
    assertThatThrownBy(() -> new RollingPolicy(Duration.ofSeconds(-1), MB))
        .isInstanceOf(BinlakeException.class)
        .hasMessageStartingWith("Cannot use files.max-batch-interval PT-1S: it is below 100ms");
    assertThatThrownBy(() -> new RollingPolicy(null, MB))
        .isInstanceOf(BinlakeException.class)
        .hasMessage(
            "Cannot use files.max-batch-interval: it is missing (set a duration such as" + " 60s)");
  }

  @Test
  void rejectsANonPositiveMinFileSize() {
    assertThatThrownBy(() -> new RollingPolicy(Duration.ofSeconds(1), 0))
        .isInstanceOf(BinlakeException.class)
        .hasMessage(
            "Cannot use files.min-file-size 0 bytes: it must be positive (set a size such"
                + " as 32MB)");
  }
}
