package dev.binlake.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.binlake.api.TableId;
import java.util.List;
import org.junit.jupiter.api.Test;

class TableFilterTest {
  @Test
  void percentMatchesAnyRunAndUnderscoreOneCharacter() {
    TableFilter filter = new TableFilter(List.of("shop.%", "crm.user_"), List.of());
    assertThat(filter.matches(new TableId("shop", "orders"))).isTrue();
    assertThat(filter.matches(new TableId("crm", "users"))).isTrue();
    assertThat(filter.matches(new TableId("crm", "user"))).isFalse();
    assertThat(filter.matches(new TableId("crm", "users_old"))).isFalse();
    assertThat(filter.matches(new TableId("shopx", "orders"))).isFalse();
  }

  @Test
  void dotsAndRegexCharactersAreLiteral() {
    TableFilter filter = new TableFilter(List.of("a.b+c"), List.of());
    assertThat(filter.matches(new TableId("a", "b+c"))).isTrue();
    assertThat(filter.matches(new TableId("a", "bbc"))).isFalse();
    assertThat(new TableFilter(List.of("a.b"), List.of()).matches(new TableId("aXb", "x")))
        .isFalse();
  }

  @Test
  void excludeWinsOverInclude() {
    TableFilter filter = new TableFilter(List.of("shop.%"), List.of("shop.tmp_%"));
    assertThat(filter.matches(new TableId("shop", "orders"))).isTrue();
    assertThat(filter.matches(new TableId("shop", "tmp_1"))).isFalse();
    assertThat(filter.debeziumRegex()).doesNotContain(",");
  }

  @Test
  void rejectsEmptyIncludeAndCommas() {
    assertThatThrownBy(() -> new TableFilter(List.of(), List.of()))
        .hasMessageContaining("include needs at least one rule");
    assertThatThrownBy(() -> new TableFilter(List.of("a.b,c.d"), List.of()))
        .hasMessageContaining("no commas");
  }
}
