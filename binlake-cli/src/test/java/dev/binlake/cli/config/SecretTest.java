package dev.binlake.cli.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.binlake.api.BinlakeException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A password never shows: not in any error, summary, toString or the reference doc. */
class SecretTest {
  private static final String PASSWORD = "Tr0ub4dor-and-3";

  /** Every other problem a file can have, next to the password. */
  private static final String EVERY_OTHER_PROBLEM =
      """
        host: [a, b]
        port: 0
        user: ""
        server-id: -1
        include: shop.%
        exclude: ["a.b.c", [x]]
        connect-timeout: 1ms
        database: oracle
        prot: 1
        port: 2
        passwrd: PASSWORD
      storage:
        uri: s3://bucket/PASSWORD
      files:
        max-batch-interval: 60
        min-file-size: lots
        codec: lz4
        password: PASSWORD
      warehouse:
        type: snowflake
        path: ${env:UNSET}
      state: 5
      metrics: {}
      """;

  @TempDir Path folder;

  @Test
  void isNotShownInAnyProblem() throws IOException {
    List<String> files =
        List.of(
            "source:\n  password: PASSWORD\n" + EVERY_OTHER_PROBLEM,
            "source:\n  password: ${env:SECRET}\n" + EVERY_OTHER_PROBLEM,
            "source:\n  password: \"PASSWORD\"\n  password: other\n" + EVERY_OTHER_PROBLEM,
            "source:\n  password: [PASSWORD]\n" + EVERY_OTHER_PROBLEM,
            "source:\n  password: {PASSWORD: 1}\n" + EVERY_OTHER_PROBLEM,
            "source:\n  password: ${env:UNSET}PASSWORD\n",
            "source:\n  password: PASSWORD${env:\n",
            "source:\n  password: PASSWORD${env:NOT-A-NAME}\n",
            "source:\n  password: \"PASSWORD\n",
            "source:\n  password: 'PASSWORD\n  host: x\n",
            "source:\n  password: PASSWORD: x\n",
            "source:\n  password: PASSWORD\n port: 1\n",
            "source:\n  password: PASSWORD\n\thost: x\n",
            "source:\n  password: *PASSWORD\n",
            "source:\n  password: !!binary PASSWORD\n  - x\n",
            "[PASSWORD\n",
            "PASSWORD\n",
            "- PASSWORD\n");
    for (String yaml : files) {
      Path file = folder.resolve("binlake.yaml");
      Files.writeString(file, yaml.replace("PASSWORD", PASSWORD));
      try {
        BinlakeConfig.load(file, Map.of("SECRET", PASSWORD));
        throw new AssertionError("expected problems with\n" + yaml);
      } catch (BinlakeException e) {
        assertThat(e.getMessage()).as(yaml).startsWith("Cannot use config ");
        assertThat(stackTrace(e)).as(yaml).doesNotContain(PASSWORD);
      }
    }
  }

  @Test
  void hidesValuesFromTheEnvironmentInProblems() throws IOException {
    String yaml =
        """
        source:
          host: h
          port: ${env:SECRET}
          user: u
          password: ${env:SECRET}
          server-id: 0${env:SECRET}
          include: ["${env:SECRET}"]
          connect-timeout: ${env:SECRET}
        files:
          min-file-size: ${env:SECRET}
        storage:
          uri: ${env:SECRET}
        """;
    Path file = folder.resolve("binlake.yaml");
    Files.writeString(file, yaml);
    String hidden =
        "gets a value from the environment that is not valid here (value not shown;"
            + " see docs/configuration.md)";
    try {
      BinlakeConfig.load(file, Map.of("SECRET", PASSWORD));
      throw new AssertionError("expected problems");
    } catch (BinlakeException e) {
      assertThat(e.getMessage())
          .isEqualTo(
              "Cannot use config "
                  + file
                  + ": 6 problems\n"
                  + "  - source.port (line 3): '${env:SECRET}' (value not shown) is not a whole"
                  + " number (use 1 to 65535)\n"
                  + "  - source.server-id (line 6): '0${env:SECRET}' (value not shown) is not a"
                  + " whole number (use 1 to 4294967295)\n"
                  + "  - source.include (line 7): '${env:SECRET}' (value not shown) is not a table"
                  + " pattern (use <database>.<table> with % and _ as wildcards, e.g. shop.% or"
                  + " %.orders)\n"
                  + "  - source.connect-timeout (line 8): '${env:SECRET}' (value not shown) is"
                  + " not a duration (use e.g. 60s; units ms, s, m, h, d)\n"
                  + "  - files.min-file-size (line 10): '${env:SECRET}' (value not shown) is not"
                  + " a data size (use e.g. 32MB; units B, kB, MB, GB, TB)\n"
                  + "  - storage.uri (line 12): "
                  + hidden);
    }
  }

  @Test
  void reportsTheProblemsOfTheFileWithThePassword() throws IOException {
    Path file = folder.resolve("binlake.yaml");
    Files.writeString(
        file,
        ("source:\n  password: PASSWORD\n" + EVERY_OTHER_PROBLEM).replace("PASSWORD", PASSWORD));
    try {
      BinlakeConfig.load(file, Map.of());
      throw new AssertionError("expected problems");
    } catch (BinlakeException e) {
      assertThat(e.getMessage())
          .startsWith("Cannot use config " + file + ": 20 problems\n")
          .contains("  - source.passwrd (line 13): unknown key (did you mean source.password?)")
          .contains(
              "  - files.password (line 20): unknown key (did you mean" + " source.password?)")
          .contains("  - source.port (line 12): appears twice, also on line 4 (keep one)")
          .contains("  - warehouse.path (line 23): environment variable UNSET is not set");
    }
  }

  @Test
  void isNotShownInTheSummaryOrTheRecords() throws IOException {
    Path file = folder.resolve("binlake.yaml");
    Files.writeString(file, BinlakeConfigTest.MINIMAL.replace("\"\"", "${env:SECRET}"));
    BinlakeConfig config = BinlakeConfig.load(file, Map.of("SECRET", PASSWORD));

    assertThat(config.source().password().reveal()).isEqualTo(PASSWORD);
    assertThat(config.redactedSummary()).doesNotContain(PASSWORD).contains("******");
    assertThat(config.toString()).doesNotContain(PASSWORD);
    assertThat(config.source().toString()).doesNotContain(PASSWORD);
    assertThat(String.valueOf(config.source().password())).isEqualTo("******");
    assertThat(ReferenceDoc.markdown()).doesNotContain(PASSWORD);
  }

  @Test
  void comparesByValue() {
    assertThat(Secret.of("a")).isEqualTo(Secret.of("a")).isNotEqualTo(Secret.of("b"));
    assertThat(Secret.of("").isEmpty()).isTrue();
  }

  private static String stackTrace(Throwable e) {
    StringWriter text = new StringWriter();
    e.printStackTrace(new PrintWriter(text));
    return text.toString();
  }
}
