package dev.binlake.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
  @Test
  void delaysDoubleUpToTheMaximum() {
    RetryPolicy policy = RetryPolicy.DEFAULT;

    assertThat(policy.delayAfter(1)).isEqualTo(Duration.ofMillis(100));
    assertThat(policy.delayAfter(2)).isEqualTo(Duration.ofMillis(200));
    assertThat(policy.delayAfter(7)).isEqualTo(Duration.ofMillis(6400));
    assertThat(policy.delayAfter(8)).isEqualTo(Duration.ofSeconds(10));
    assertThat(policy.delayAfter(1000)).isEqualTo(Duration.ofSeconds(10));
    assertThat(policy.maxAttempts()).isEqualTo(8);
  }

  @Test
  void rejectsNonsense() {
    assertThatThrownBy(() -> new RetryPolicy(Duration.ofSeconds(2), Duration.ofSeconds(1), 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot use retry delays PT2S..PT1S: need 0 <= base <= max");
    assertThatThrownBy(() -> new RetryPolicy(Duration.ZERO, Duration.ZERO, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot use maxAttempts 0: need at least 1");
  }
}
