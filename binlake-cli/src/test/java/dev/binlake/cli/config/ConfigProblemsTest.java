package dev.binlake.cli.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.binlake.api.BinlakeException;
import dev.binlake.api.ErrorCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every kind of problem a config file can have, and all of them reported at once. */
class ConfigProblemsTest {
  private static final String MINIMAL = BinlakeConfigTest.MINIMAL;

  @TempDir Path folder;

  private Path file() {
    return folder.resolve("binlake.yaml");
  }

  /** Loads the YAML and returns the message of the exception it must cause. */
  private String problems(String yaml, Map<String, String> env) throws IOException {
    Files.writeString(file(), yaml);
    try {
      BinlakeConfig.load(file(), env);
    } catch (BinlakeException e) {
      assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_INVALID);
      return e.getMessage();
    }
    throw new AssertionError("expected the config to be rejected:\n" + yaml);
  }

  private String problems(String yaml) throws IOException {
    return problems(yaml, Map.of());
  }

  /** The message for a single problem. */
  private String one(String problem) {
    return "Cannot use config " + file() + ": 1 problem\n  - " + problem;
  }

  @Test
  void reportsEveryProblemAtOnceInFileOrder() throws IOException {
    String yaml =
        """
        source:
          host: [a, b]
          prot: 3306
          user: binlake
          password: ${env:BINLAKE_SOURCE_PASSWORD}
          server-id: 0
        files:
          max-batch-interval: 10ms
          min-file-size: 32 MegaBytes
          codec: lz4
        warehouse:
          type: snowflake
        storage:
          uri: ftp://bucket/prefix
        """;
    assertThat(problems(yaml))
        .isEqualTo(
            "Cannot use config "
                + file()
                + ": 9 problems\n"
                + "  - source.host (line 2): expected a single value but found a list\n"
                + "  - source.prot (line 3): unknown key (did you mean source.port?)\n"
                + "  - source.password (line 5): environment variable BINLAKE_SOURCE_PASSWORD"
                + " is not set (set BINLAKE_SOURCE_PASSWORD in the environment or put the value"
                + " in the file)\n"
                + "  - source.server-id (line 6): '0' is out of range (use 1 to 4294967295)\n"
                + "  - files.max-batch-interval (line 8): '10ms' is too short (use at least"
                + " 100ms)\n"
                + "  - files.min-file-size (line 9): '32 MegaBytes' is not a data size (use e.g."
                + " 32MB; units B, kB, MB, GB, TB)\n"
                + "  - files.codec (line 10): 'lz4' is not one of snappy, zstd, none\n"
                + "  - warehouse.type (line 12): 'snowflake' is not one of duckdb, postgres,"
                + " bigquery\n"
                + "  - storage.uri (line 14): 'ftp://bucket/prefix' has an unknown scheme (use"
                + " file:<folder> or s3://bucket/prefix)");
  }

  @Test
  void suggestsTheKeyAnUnknownKeyProbablyMeant() throws IOException {
    assertThat(problems(MINIMAL + "  serverId: 9\n  connect_timeout: 5s\n"))
        .contains("  - source.serverId (line 6): unknown key (did you mean source.server-id?)")
        .contains(
            "  - source.connect_timeout (line 7): unknown key (did you mean"
                + " source.connect-timeout?)");
    assertThat(problems(MINIMAL + "  codec: zstd\n"))
        .isEqualTo(one("source.codec (line 6): unknown key (did you mean files.codec?)"));
    assertThat(problems(MINIMAL + "sorce:\n  host: x\n"))
        .isEqualTo(one("sorce (line 6): unknown key (did you mean source?)"));
    assertThat(problems(MINIMAL + "metrics:\n  port: 9000\n"))
        .isEqualTo(
            one("metrics (line 6): unknown key (see docs/configuration.md for the" + " keys)"));
  }

  @Test
  void reportsMissingRequiredKeys() throws IOException {
    assertThat(problems("source:\n  host: h\n"))
        .isEqualTo(
            "Cannot use config "
                + file()
                + ": 3 problems\n"
                + "  - source.user (line 1): required but missing (add user: under source:)\n"
                + "  - source.password (line 1): required but missing (add password: under"
                + " source:)\n"
                + "  - source.server-id (line 1): required but missing (add server-id: under"
                + " source:)");
    assertThat(problems("# nothing yet\n"))
        .startsWith(
            "Cannot use config "
                + file()
                + ": 4 problems\n"
                + "  - source.host: required but missing (add host: under source:)\n");
  }

  @Test
  void reportsValuesOfTheWrongShape() throws IOException {
    assertThat(problems(MINIMAL + "  include: shop.%\n"))
        .isEqualTo(
            one(
                "source.include (line 6): expected a list but found a single value"
                    + " (write e.g. [\"shop.%\"], or [] for none)"));
    assertThat(problems(MINIMAL + "  exclude: {a: b}\n"))
        .isEqualTo(
            one(
                "source.exclude (line 6): expected a list but found a section of keys"
                    + " (write e.g. [\"shop.%\"], or [] for none)"));
    assertThat(problems(MINIMAL + "  include: [[a]]\n"))
        .isEqualTo(
            one(
                "source.include (line 6): expected table patterns in the list but"
                    + " found a list"));
    assertThat(problems(MINIMAL + "files: 5\n"))
        .isEqualTo(one("files (line 6): expected a section of keys but found a single value"));
    assertThat(problems(MINIMAL + "state:\n  dir:\n    - a\n"))
        .isEqualTo(one("state.dir (line 8): expected a single value but found a list"));
    assertThat(problems("- source\n- files\n"))
        .isEqualTo(
            one("line 1: expected sections such as source: and storage: but found a" + " list"));
    assertThat(problems(MINIMAL + "[a]: b\n"))
        .isEqualTo(one("line 6: has a key that is a list (keys are plain names such as host)"));
  }

  @Test
  void reportsInvalidValues() throws IOException {
    String yaml =
        """
        source:
          host: "  "
          port: 65536
          user: binlake
          password: x
          server-id: 4294967296
          include: ["shop.%", "orders", "%.%"]
          exclude: ["a.b.c"]
          connect-timeout: 10
          database: oracle
        storage:
          uri: ./lake
        warehouse:
          type: snowflake
          path: ""
        """;
    assertThat(problems(yaml))
        .isEqualTo(
            "Cannot use config "
                + file()
                + ": 10 problems\n"
                + "  - source.host (line 2): is empty (write a value)\n"
                + "  - source.port (line 3): '65536' is out of range (use 1 to 65535)\n"
                + "  - source.server-id (line 6): '4294967296' is out of range (use 1 to"
                + " 4294967295)\n"
                + "  - source.include (line 7): 'orders' is not a table pattern (use"
                + " <database>.<table> with % and _ as wildcards, e.g. shop.% or %.orders)\n"
                + "  - source.exclude (line 8): 'a.b.c' is not a table pattern (use"
                + " <database>.<table> with % and _ as wildcards, e.g. shop.% or %.orders)\n"
                + "  - source.connect-timeout (line 9): '10' has no unit (write e.g. 10s or"
                + " 10ms)\n"
                + "  - source.database (line 10): 'oracle' is not one of auto, mariadb, mysql\n"
                + "  - storage.uri (line 12): './lake' is not a storage URI (write file:./lake"
                + " for a local folder)\n"
                + "  - warehouse.type (line 14): 'snowflake' is not one of duckdb, postgres,"
                + " bigquery\n"
                + "  - warehouse.path (line 15): is empty (write a path such as ./state)");
  }

  @Test
  void reportsEachBadItemOfAListOnItsOwnLine() throws IOException {
    String yaml = MINIMAL + "  include:\n    - shop.%\n    - bad\n    - worse\n";
    assertThat(problems(yaml))
        .isEqualTo(
            "Cannot use config "
                + file()
                + ": 2 problems\n"
                + "  - source.include (line 8): 'bad' is not a table pattern (use"
                + " <database>.<table> with % and _ as wildcards, e.g. shop.% or %.orders)\n"
                + "  - source.include (line 9): 'worse' is not a table pattern (use"
                + " <database>.<table> with % and _ as wildcards, e.g. shop.% or %.orders)");
  }

  @Test
  void reportsStorageUrisItCannotUse() throws IOException {
    assertThat(problems(MINIMAL + "storage:\n  uri: \"file:\"\n"))
        .isEqualTo(one("storage.uri (line 7): 'file:' has no folder (write e.g. file:./lake)"));
    assertThat(problems(MINIMAL + "storage:\n  uri: s3://\n"))
        .isEqualTo(
            one("storage.uri (line 7): 's3://' has no bucket (write" + " s3://bucket/prefix)"));
    assertThat(problems(MINIMAL + "storage:\n  uri: gs://bucket\n"))
        .isEqualTo(
            one(
                "storage.uri (line 7): 'gs://bucket' has an unknown scheme (use"
                    + " file:<folder> or s3://bucket/prefix)"));
    assertThat(problems(MINIMAL + "storage:\n  uri: file://host/lake\n"))
        .isEqualTo(
            one(
                "storage.uri (line 7): 'file://host/lake' is not a valid file URI"
                    + " (write file:./lake or file:/absolute/folder)"));
  }

  @Test
  void reportsDuplicateKeys() throws IOException {
    assertThat(problems(MINIMAL + "  host: other\n"))
        .isEqualTo(one("source.host (line 6): appears twice, also on line 2 (keep one)"));
  }

  @Test
  void reportsUnsetAndMalformedEnvironmentReferences() throws IOException {
    String yaml =
        """
        source:
          host: ${env:DB_HOST}
          user: ${env:A}${env:B}
          password: ${env:PASSWORD
          server-id: ${env:1D}
        """;
    assertThat(problems(yaml, Map.of("A", "a")))
        .isEqualTo(
            "Cannot use config "
                + file()
                + ": 4 problems\n"
                + "  - source.host (line 2): environment variable DB_HOST is not set (set"
                + " DB_HOST in the environment or put the value in the file)\n"
                + "  - source.user (line 3): environment variable B is not set (set B in the"
                + " environment or put the value in the file)\n"
                + "  - source.password (line 4): has a ${env: reference without its closing }"
                + " (write ${env:NAME})\n"
                + "  - source.server-id (line 5): has a ${env:...} reference whose variable"
                + " name is not letters, digits and _ (write ${env:NAME})");
    assertThat(problems(MINIMAL.replace("host: db.example.com", "host: ${env:X}-${env:Y}")))
        .isEqualTo(
            one(
                "source.host (line 2): environment variables X, Y are not set (set X,"
                    + " Y in the environment or put the values in the file)"));
  }

  @Test
  void reportsMalformedYamlWithLineAndColumn() throws IOException {
    assertThat(problems("source:\n  host: a\n port: 1\n"))
        .isEqualTo(
            one(
                "line 3, column 2: not valid YAML: while parsing a block mapping: expected <block"
                    + " end>, but found '<block mapping start>' (fix the YAML syntax)"));
    assertThat(problems("source:\n  host: \"unclosed\n"))
        .startsWith(
            "Cannot use config "
                + file()
                + ": 1 problem\n  - line 3, column 1: not"
                + " valid YAML: while scanning a quoted scalar: found unexpected end of stream");
    assertThat(problems("source:\n\thost: a\n"))
        .isEqualTo(
            one(
                "line 2, column 1: not valid YAML: while scanning for the next token:"
                    + " found character '\\t(TAB)' that cannot start any token. (Do not use"
                    + " \\t(TAB) for indentation) (fix the YAML syntax)"));
    assertThat(problems("source:\n  host: a\n  - b\n"))
        .isEqualTo(
            one(
                "line 3, column 3: not valid YAML: while parsing a block mapping:"
                    + " expected <block end>, but found '-' (fix the YAML syntax)"));
  }

  @Test
  void doesNotRepeatFileTextFromYamlErrors() throws IOException {
    assertThat(problems("source:\n  password: *hunter2\n"))
        .isEqualTo(
            one(
                "line 2, column 13: not valid YAML: found something else (not repeated"
                    + " here: it may be a secret) (fix the YAML syntax)"));
    assertThat(ConfigTree.withoutFileText("found undefined alias hunter2"))
        .isEqualTo("found something else (not repeated here: it may be a secret)");
    assertThat(ConfigTree.withoutFileText("expected URI, but found hunter2"))
        .isEqualTo(
            "expected URI, but found something else (not repeated here: it may be a" + " secret)");
    assertThat(ConfigTree.withoutFileText("expected ' ', but found 'x'"))
        .isEqualTo("expected ' ', but found 'x'");
    assertThat(ConfigTree.withoutFileText("found unknown escape character q(113)"))
        .isEqualTo("found unknown escape character q(113)");
    assertThat(ConfigTree.withoutFileText("found undefined tag handle !hunter2!"))
        .isEqualTo("found something else (not repeated here: it may be a secret)");
    assertThat(ConfigTree.withoutFileText("mapping values are not allowed here"))
        .isEqualTo("mapping values are not allowed here");
  }

  @Test
  void reportsCharactersYamlDoesNotAllow() throws IOException {
    assertThat(problems(MINIMAL + "  port: \u0001\n"))
        .isEqualTo(
            one(
                "line 6, column 9: not valid YAML: U+0001 is a character YAML does not"
                    + " allow (remove it)"));
  }

  @Test
  void reportsAFileThatCannotBeRead() {
    Path missing = folder.resolve("nope.yaml");
    assertThatThrownBy(() -> BinlakeConfig.load(missing, Map.of()))
        .isInstanceOf(BinlakeException.class)
        .hasMessage(
            "Cannot use config "
                + missing
                + ": the file does not exist (create it, or"
                + " pass the path of a binlake YAML file; see docs/configuration.md)")
        .extracting(e -> ((BinlakeException) e).code())
        .isEqualTo(ErrorCode.CONFIG_INVALID);
  }

  @Test
  void reportsAFileThatIsNotUtf8() throws IOException {
    Files.write(file(), new byte[] {'a', ':', ' ', (byte) 0xff, (byte) 0xfe, '\n'});
    assertThatThrownBy(() -> BinlakeConfig.load(file(), Map.of()))
        .isInstanceOf(BinlakeException.class)
        .hasMessage(
            "Cannot use config " + file() + ": the file is not UTF-8 text (save it as" + " UTF-8)");
  }
}
