package dev.binlake.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class DmsWildcardTest {
  private static boolean matches(String pattern, String name) {
    return Pattern.compile(DmsWildcard.toRegex(pattern), Pattern.DOTALL).matcher(name).matches();
  }

  @Test
  void percentMatchesAnyRunAndUnderscoreOneCharacter() {
    assertThat(matches("%", "")).isTrue();
    assertThat(matches("order%", "orders_2026")).isTrue();
    assertThat(matches("order_", "orders")).isTrue();
    assertThat(matches("order_", "order")).isFalse();
    assertThat(matches("order_", "orders2")).isFalse();
    assertThat(matches("%.x", "a.b.x")).isTrue();
  }

  @Test
  void everythingElseIsLiteral() {
    assertThat(matches("a.b", "a.b")).isTrue();
    assertThat(matches("a.b", "axb")).isFalse();
    assertThat(matches("t(1)*", "t(1)*")).isTrue();
    assertThat(matches("\\Q", "\\Q")).isTrue();
    assertThat(DmsWildcard.toRegex("shop")).isEqualTo("\\Qshop\\E");
  }
}
