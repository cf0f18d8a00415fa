package dev.binlake.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsTest {
  @Test
  void defaultsAreTheIssuesSizes() {
    Settings settings = Settings.parse(new String[0], Map.of());

    assertThat(settings).isEqualTo(new Settings(false, 1_000_000, 1_000_000, 1000, 60, 8, true));
  }

  @Test
  void smokeUsesTinySizes() {
    Settings settings = Settings.parse(new String[] {"--smoke"}, Map.of());

    assertThat(settings.captureRows()).isEqualTo(10_000);
    assertThat(settings.snapshotRows()).isEqualTo(10_000);
    assertThat(settings.freshSeconds()).isEqualTo(5);
    assertThat(settings.profile()).isFalse();
  }

  @Test
  void flagsWinOverTheEnvironment() {
    Settings settings =
        Settings.parse(
            new String[] {"--capture-rows", "300000", "--fresh-rate", "500", "--no-profile"},
            Map.of("BENCH_CAPTURE_ROWS", "5", "BENCH_SNAPSHOT_ROWS", "7000"));

    assertThat(settings.captureRows()).isEqualTo(300_000);
    assertThat(settings.snapshotRows()).isEqualTo(7000);
    assertThat(settings.freshRate()).isEqualTo(500);
    assertThat(settings.profile()).isFalse();
  }

  @Test
  void jvmOptionsComeFromTheFlagOrTheEnvironmentAndMakeNoFullRun() {
    Settings fromEnv =
        Settings.parse(new String[0], Map.of("BENCH_JVM_OPTS", " -XX:+UseParallelGC "));
    Settings fromFlag =
        Settings.parse(
            new String[] {"--jvm-opts", "-Da=1  -Db=2"}, Map.of("BENCH_JVM_OPTS", "-Dc=3"));

    assertThat(fromEnv.jvmOptions()).containsExactly("-XX:+UseParallelGC");
    assertThat(fromFlag.jvmOptions()).containsExactly("-Da=1", "-Db=2");
    assertThat(fromFlag.isFullRun()).isFalse();
    assertThat(Settings.parse(new String[0], Map.of()).jvmOptions()).isEmpty();
  }

  @Test
  void unknownOptionSaysWhatExists() {
    assertThatThrownBy(() -> Settings.parse(new String[] {"--rows", "5"}, Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Cannot run the benchmarks: unknown option --rows (use --smoke,"
                + " --capture-rows N, --snapshot-rows N, --fresh-rate TX_PER_S, --fresh-seconds S,"
                + " --slap-clients N, --profile, --no-profile, --only LIST, --label NAME,"
                + " --jvm-opts OPTIONS)");
  }

  @Test
  void onlyRunsTheNamedBenchmarksAndIsNotAFullRun() {
    Settings settings =
        Settings.parse(new String[] {"--only", "capture, loader", "--label", "after-1"}, Map.of());

    assertThat(settings.runs("capture")).isTrue();
    assertThat(settings.runs("loader")).isTrue();
    assertThat(settings.runs("snapshot")).isFalse();
    assertThat(settings.isFullRun()).isFalse();
    assertThat(settings.label()).isEqualTo("after-1");
    assertThat(Settings.parse(new String[0], Map.of()).isFullRun()).isTrue();
    assertThat(Settings.parse(new String[] {"--smoke"}, Map.of()).isFullRun()).isFalse();
  }

  @Test
  void onlyRejectsUnknownBenchmarksAndALoaderWithoutCapture() {
    assertThatThrownBy(() -> Settings.parse(new String[] {"--only", "capture,snap"}, Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Cannot run the benchmarks: --only names unknown benchmark 'snap' (use a"
                + " comma-separated list of capture, snapshot, loader, freshness)");
    assertThatThrownBy(() -> Settings.parse(new String[] {"--only", "loader"}, Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Cannot run the benchmarks: --only loader needs capture too");
    assertThatThrownBy(() -> Settings.parse(new String[] {"--label", "a/b"}, Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--label 'a/b' must be letters");
  }
}
