package dev.binlake.cli.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DataSizeTest {
  @Test
  void parsesBinaryUnits() {
    assertThat(DataSize.parse("32MB").bytes()).isEqualTo(32L * 1024 * 1024);
    assertThat(DataSize.parse("512kB").bytes()).isEqualTo(512L * 1024);
    assertThat(DataSize.parse("1GB").bytes()).isEqualTo(1L << 30);
    assertThat(DataSize.parse("2TB").bytes()).isEqualTo(2L << 40);
    assertThat(DataSize.parse("7B").bytes()).isEqualTo(7);
    assertThat(DataSize.parse("1048576").bytes()).isEqualTo(1_048_576);
  }

  @Test
  void acceptsOtherSpellingsOfTheUnits() {
    assertThat(DataSize.parse("32mb")).isEqualTo(DataSize.parse("32MB"));
    assertThat(DataSize.parse("32 MiB")).isEqualTo(DataSize.parse("32MB"));
    assertThat(DataSize.parse("512KB")).isEqualTo(DataSize.parse("512kB"));
    assertThat(DataSize.parse("1.5kB").bytes()).isEqualTo(1536);
  }

  @Test
  void writesTheLargestExactUnit() {
    assertThat(DataSize.ofBytes(32L * 1024 * 1024)).hasToString("32MB");
    assertThat(DataSize.ofBytes(1536)).hasToString("1536B");
    assertThat(DataSize.ofBytes(0)).hasToString("0B");
    assertThat(DataSize.of(3, DataSize.Unit.GIGABYTE)).hasToString("3GB");
    assertThat(DataSize.of(1024, DataSize.Unit.KILOBYTE)).hasToString("1MB");
    assertThat(DataSize.parse(DataSize.ofBytes(123_456_789).toString()).bytes())
        .isEqualTo(123_456_789);
  }

  @Test
  void rejectsWhatIsNotADataSize() {
    assertThatThrownBy(() -> DataSize.parse("32 MegaBytes"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("'32 MegaBytes' is not a data size (use e.g. 32MB; units B, kB, MB, GB, TB)");
    assertThatThrownBy(() -> DataSize.parse("-1MB"))
        .hasMessage("'-1MB' is not a data size (use e.g. 32MB; units B, kB, MB, GB, TB)");
    assertThatThrownBy(() -> DataSize.parse("99999999999TB"))
        .hasMessage("'99999999999TB' is too large a data size");
    assertThatThrownBy(() -> DataSize.ofBytes(-1)).hasMessage("bytes must not be negative: -1");
  }
}
