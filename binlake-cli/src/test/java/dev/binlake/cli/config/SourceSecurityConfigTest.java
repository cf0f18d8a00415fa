package dev.binlake.cli.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.binlake.api.BinlakeException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code source.columns.*}, {@code source.tls.*} and {@code source.skip-unparseable-ddl}. */
class SourceSecurityConfigTest {
  private static final String MINIMAL = BinlakeConfigTest.MINIMAL;

  @TempDir Path folder;

  private BinlakeConfig load(String yaml, Map<String, String> env) throws IOException {
    Path file = folder.resolve("binlake.yaml");
    Files.writeString(file, yaml);
    return BinlakeConfig.load(file, env);
  }

  @Test
  void readsColumnRulesWithTheKeyFromTheEnvironment() throws IOException {
    BinlakeConfig config =
        load(
            MINIMAL
                + "  columns:\n"
                + "    exclude: [\"shop.customers.ssn\", \"%.%.secret_%\"]\n"
                + "    hash: [shop.customers.email]\n"
                + "    hash-key: ${env:HASH_KEY}\n",
            Map.of("HASH_KEY", "0123456789abcdef-key"));
    ColumnRulesConfig columns = config.source().columns();
    assertThat(columns.exclude()).containsExactly("shop.customers.ssn", "%.%.secret_%");
    assertThat(columns.hash()).containsExactly("shop.customers.email");
    assertThat(columns.hashKey().reveal()).isEqualTo("0123456789abcdef-key");
    assertThat(config.redactedSummary())
        .contains("source.columns.hash-key")
        .contains("source.columns.hash ")
        .doesNotContain("0123456789abcdef-key");
    assertThat(config.source().skipUnparseableDdl()).isFalse();
    assertThat(config.source().tls().mode()).isEqualTo(SourceTlsConfig.Mode.DISABLED);
  }

  @Test
  void rejectsBadColumnPatternsAndMissingOrShortKeys() {
    assertThatThrownBy(
            () ->
                load(
                    MINIMAL
                        + "  columns:\n"
                        + "    exclude: [shop.customers, \"a.b.c,d\"]\n"
                        + "    hash: [shop.t.email]\n",
                    Map.of()))
        .isInstanceOf(BinlakeException.class)
        .hasMessageContaining("2 problems")
        .hasMessageContaining(
            "source.columns.exclude (line 7): 'shop.customers' is not a column pattern (use"
                + " <database>.<table>.<column>")
        .hasMessageContaining("'a.b.c,d' holds a comma");
    assertThatThrownBy(() -> load(MINIMAL + "  columns:\n    hash: [shop.t.email]\n", Map.of()))
        .hasMessageContaining(
            "source.columns.hash-key: is required when source.columns.hash names columns");
    assertThatThrownBy(
            () ->
                load(
                    MINIMAL + "  columns:\n    hash: [shop.t.email]\n    hash-key: short\n",
                    Map.of()))
        .hasMessageContaining("source.columns.hash-key (line 8): is shorter than 16 characters")
        .hasMessageNotContaining("short\n");
  }

  @Test
  void readsTlsAndRequiresACaFileToVerify() throws IOException {
    Files.writeString(folder.resolve("ca.pem"), "not checked here");
    BinlakeConfig config =
        load(MINIMAL + "  tls:\n    mode: verify-ca\n    ca-file: ca.pem\n", Map.of());
    assertThat(config.source().tls())
        .isEqualTo(
            new SourceTlsConfig(
                SourceTlsConfig.Mode.VERIFY_CA, Optional.of(folder.resolve("ca.pem"))));
    assertThatThrownBy(() -> load(MINIMAL + "  tls:\n    mode: verify-identity\n", Map.of()))
        .hasMessageContaining(
            "source.tls.ca-file: is required when source.tls.mode is verify-identity");
    assertThatThrownBy(
            () -> load(MINIMAL + "  tls:\n    mode: required\n    ca-file: nope.pem\n", Map.of()))
        .hasMessageContaining(
            "source.tls.ca-file (line 8): "
                + folder.resolve("nope.pem")
                + " does not exist or is not readable");
    assertThatThrownBy(() -> load(MINIMAL + "  tls:\n    mode: preferred\n", Map.of()))
        .hasMessageContaining(
            "source.tls.mode (line 7): 'preferred' is not one of disabled, required, verify-ca,"
                + " verify-identity");
  }

  @Test
  void optionsAreDocumented() {
    List<String> keys = BinlakeConfig.options().stream().map(ConfigOption::key).toList();
    assertThat(keys)
        .contains(
            "source.columns.exclude",
            "source.columns.hash",
            "source.columns.hash-key",
            "source.tls.mode",
            "source.tls.ca-file",
            "source.skip-unparseable-ddl");
  }
}
