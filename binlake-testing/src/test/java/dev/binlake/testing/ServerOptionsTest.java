package dev.binlake.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ServerOptionsTest {
  @Test
  void defaultsTurnOnRowBinlogWithFullImage() {
    assertThat(new ServerOptions().asList())
        .contains(
            "--log-bin=mariadb-bin",
            "--binlog-format=ROW",
            "--binlog-row-image=FULL",
            "--server-id=1",
            "--bind-address=127.0.0.1");
  }

  @Test
  void extraOptionReplacesDefaultOfSameName() {
    var options = new ServerOptions().add("--binlog_format=STATEMENT").asList();

    assertThat(options).contains("--binlog_format=STATEMENT").doesNotContain("--binlog-format=ROW");
  }

  @Test
  void skipOptionRemovesTheDefault() {
    var options = new ServerOptions().add("--skip-log-bin").asList();

    assertThat(options).contains("--skip-log-bin").doesNotContain("--log-bin=mariadb-bin");
  }

  @Test
  void optionAfterSkipRemovesTheSkip() {
    var options = new ServerOptions().add("--performance-schema=ON").asList();

    assertThat(options)
        .contains("--performance-schema=ON")
        .doesNotContain("--skip-performance-schema");
  }

  @Test
  void newOptionIsAppended() {
    assertThat(new ServerOptions().add("--default-time-zone=+02:00").asList())
        .endsWith("--default-time-zone=+02:00");
  }

  @Test
  void rejectsOptionWithoutDashes() {
    assertThatThrownBy(() -> new ServerOptions().add("binlog-format=ROW"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Cannot use server option 'binlog-format=ROW': it must start with -- (e.g. --log-bin)");
  }
}
