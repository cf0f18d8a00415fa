package dev.binlake.cli.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class KeySuggestionTest {
  private static final List<String> KNOWN =
      List.of("source", "files", "source.port", "source.host", "source.server-id", "files.codec");

  @Test
  void suggestsTheClosestSibling() {
    assertThat(KeySuggestion.closest("source.prot", KNOWN)).contains("source.port");
    assertThat(KeySuggestion.closest("source.hostname", KNOWN)).isEmpty();
    assertThat(KeySuggestion.closest("source.hots", KNOWN)).contains("source.host");
    assertThat(KeySuggestion.closest("sorce", KNOWN)).contains("source");
  }

  @Test
  void ignoresCaseDashesAndUnderscores() {
    assertThat(KeySuggestion.closest("source.serverId", KNOWN)).contains("source.server-id");
    assertThat(KeySuggestion.closest("source.server_id", KNOWN)).contains("source.server-id");
  }

  @Test
  void findsAKeyPutInTheWrongSection() {
    assertThat(KeySuggestion.closest("source.codec", KNOWN)).contains("files.codec");
  }

  @Test
  void suggestsNothingForSomethingElse() {
    assertThat(KeySuggestion.closest("source.tables", KNOWN)).isEmpty();
    assertThat(KeySuggestion.closest("metrics", KNOWN)).isEmpty();
  }

  @Test
  void countsATranspositionAsOneEdit() {
    assertThat(KeySuggestion.distance("prot", "port")).isEqualTo(1);
    assertThat(KeySuggestion.distance("host", "port")).isEqualTo(2);
    assertThat(KeySuggestion.distance("", "abc")).isEqualTo(3);
  }
}
