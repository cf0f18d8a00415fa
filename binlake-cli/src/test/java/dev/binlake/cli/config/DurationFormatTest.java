package dev.binlake.cli.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationFormatTest {
  @Test
  void parsesEveryUnit() {
    assertThat(DurationFormat.parse("100ms")).isEqualTo(Duration.ofMillis(100));
    assertThat(DurationFormat.parse("60s")).isEqualTo(Duration.ofSeconds(60));
    assertThat(DurationFormat.parse("5m")).isEqualTo(Duration.ofMinutes(5));
    assertThat(DurationFormat.parse("1h")).isEqualTo(Duration.ofHours(1));
    assertThat(DurationFormat.parse("2d")).isEqualTo(Duration.ofDays(2));
    assertThat(DurationFormat.parse("1.5h")).isEqualTo(Duration.ofMinutes(90));
    assertThat(DurationFormat.parse(" 10 s ")).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void writesTheLargestExactUnit() {
    assertThat(DurationFormat.format(Duration.ofSeconds(60))).isEqualTo("1m");
    assertThat(DurationFormat.format(Duration.ofSeconds(90))).isEqualTo("90s");
    assertThat(DurationFormat.format(Duration.ofMillis(100))).isEqualTo("100ms");
    assertThat(DurationFormat.format(Duration.ofHours(48))).isEqualTo("2d");
    assertThat(DurationFormat.format(Duration.ofNanos(1500))).isEqualTo("1500ns");
    assertThat(DurationFormat.format(Duration.ZERO)).isEqualTo("0s");
  }

  @Test
  void rejectsWhatIsNotADuration() {
    assertThatThrownBy(() -> DurationFormat.parse("60"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("'60' has no unit (write e.g. 60s or 60ms)");
    assertThatThrownBy(() -> DurationFormat.parse("5 minutes"))
        .hasMessage("'5 minutes' has an unknown unit 'minutes' (use ms, s, m, h or d)");
    assertThatThrownBy(() -> DurationFormat.parse("soon"))
        .hasMessage("'soon' is not a duration (use e.g. 60s; units ms, s, m, h, d)");
    assertThatThrownBy(() -> DurationFormat.parse("-5s"))
        .hasMessage("'-5s' is not a duration (use e.g. 60s; units ms, s, m, h, d)");
    assertThatThrownBy(() -> DurationFormat.parse("999999999999d"))
        .hasMessage("'999999999999d' is too long a duration");
  }
}
