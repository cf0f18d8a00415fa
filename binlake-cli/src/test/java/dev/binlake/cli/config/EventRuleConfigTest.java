package dev.binlake.cli.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.binlake.api.BinlakeException;
import dev.binlake.api.ErrorCode;
import dev.binlake.api.StoredObject;
import dev.binlake.events.rules.ObjectRule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code events.rule}: an EventBridge pattern in YAML or JSON, checked when the file loads. */
class EventRuleConfigTest {
  private static final String MINIMAL = BinlakeConfigTest.MINIMAL;

  @TempDir Path folder;

  private BinlakeConfig load(String yaml) throws IOException {
    Path file = folder.resolve("binlake.yaml");
    Files.writeString(file, yaml);
    return BinlakeConfig.load(file, Map.of("PREFIX", "cdc/shop/"));
  }

  private String problem(String yaml) {
    Path file = folder.resolve("binlake.yaml");
    assertThatThrownBy(() -> load(yaml))
        .isInstanceOf(BinlakeException.class)
        .extracting(e -> ((BinlakeException) e).code())
        .isEqualTo(ErrorCode.CONFIG_INVALID);
    try {
      load(yaml);
      throw new AssertionError("not rejected");
    } catch (BinlakeException | IOException e) {
      return e.getMessage().replace(file.toString(), "F");
    }
  }

  private static StoredObject object(String key) {
    return new StoredObject(key, 10, "etag", Instant.EPOCH);
  }

  @Test
  void withoutARuleEveryObjectMatches() throws IOException {
    ObjectRule rule = load(MINIMAL).events().rule();
    assertThat(rule.isRestrictive()).isFalse();
    assertThat(rule.matches("lake", object("anything/at/all.parquet"))).isTrue();
    assertThat(rule.toJson()).isEqualTo("{}");
  }

  @Test
  void readsAPatternWrittenAsYaml() throws IOException {
    ObjectRule rule =
        load(MINIMAL
                + """
                    events:
                      rule:
                        detail:
                          bucket:
                            name: [lake]
                          object:
                            key:
                              - prefix: ${env:PREFIX}
                              - anything-but:
                                  prefix: cdc/
                            size: [{exists: true}]
                    """)
            .events()
            .rule();
    assertThat(rule.isRestrictive()).isTrue();
    assertThat(rule.matches("lake", object("cdc/shop/orders/LOAD00000001.parquet"))).isTrue();
    assertThat(rule.matches("lake", object("other/t/LOAD00000001.parquet"))).isTrue();
    assertThat(rule.matches("lake", object("cdc/audit/log/LOAD00000001.parquet"))).isFalse();
    assertThat(rule.matches("elsewhere", object("cdc/shop/orders/LOAD00000001.parquet"))).isFalse();
  }

  @Test
  void readsAPatternPastedAsJson() throws IOException {
    ObjectRule rule =
        load(MINIMAL
                + "events:\n  rule: '{\"detail\": {\"object\": {\"key\": [\"a/b.parquet\"]}}}'\n")
            .events()
            .rule();
    assertThat(rule.matches("lake", object("a/b.parquet"))).isTrue();
    assertThat(rule.matches("lake", object("a/b.parquet.tmp"))).isFalse();
  }

  @Test
  void numbersInYamlMatchNumbers() throws IOException {
    ObjectRule rule =
        load(MINIMAL + "events:\n  rule: {detail: {object: {size: [10]}}}\n").events().rule();
    assertThat(rule.matches("lake", object("k"))).isTrue();
    assertThat(rule.matches("lake", new StoredObject("k", 11, "e", Instant.EPOCH))).isFalse();
  }

  @Test
  void rejectsAnUnknownMatcher() {
    assertThat(problem(MINIMAL + "events:\n  rule: {detail: {object: {key: [{wildcard: a*}]}}}\n"))
        .isEqualTo(
            "Cannot use config F: 1 problem\n"
                + "  - events.rule (line 7): Cannot use event pattern at detail.object.key:"
                + " unsupported operator 'wildcard' (supported: exact values, prefix, suffix,"
                + " exists, anything-but with a value, a list or a prefix)");
  }

  @Test
  void rejectsAValueThatIsNotInAList() {
    assertThat(problem(MINIMAL + "events:\n  rule: {detail: {object: {key: cdc/}}}\n"))
        .contains(
            "events.rule (line 7): Cannot use event pattern at detail.object.key: values to"
                + " match go in an array, like [\"cdc/\"], not \"cdc/\"");
  }

  @Test
  void rejectsAFieldBinlakeCannotMatch() {
    assertThat(problem(MINIMAL + "events:\n  rule: {detail: {objet: {key: [a]}}}\n"))
        .contains(
            "Cannot use event pattern at detail.objet: binlake cannot match this field (a rule"
                + " may name source, detail-type, detail.bucket.name, detail.object.key,"
                + " detail.object.size)");
    assertThat(problem(MINIMAL + "events:\n  rule: {time: [x]}\n"))
        .contains("Cannot use event pattern at time: binlake cannot match this field");
  }

  @Test
  void rejectsAListOrAWordInsteadOfAPattern() {
    assertThat(problem(MINIMAL + "events:\n  rule: [a]\n"))
        .contains(
            "events.rule (line 7): expected an EventBridge pattern (a section such as detail:"
                + " {object: {key: [{prefix: \"cdc/shop/\"}]}}) but found a list");
    assertThat(problem(MINIMAL + "events:\n  rule: 'not json'\n"))
        .contains("events.rule (line 7): Cannot use event pattern: it is not JSON");
  }
}
