package dev.binlake.cli.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.binlake.api.TableId;
import org.junit.jupiter.api.Test;

class TablePatternTest {
  @Test
  void percentMatchesAnyRunAndUnderscoreOneCharacter() {
    TablePattern shop = TablePattern.parse("shop.%");
    assertThat(shop.matches(new TableId("shop", "orders"))).isTrue();
    assertThat(shop.matches(new TableId("shop2", "orders"))).isFalse();

    TablePattern order = TablePattern.parse("%.order_");
    assertThat(order.matches(new TableId("crm", "orders"))).isTrue();
    assertThat(order.matches(new TableId("crm", "order"))).isFalse();
    assertThat(order.matches(new TableId("crm", "orders2"))).isFalse();
  }

  @Test
  void otherCharactersMatchLiterallyAndCaseSensitively() {
    TablePattern pattern = TablePattern.parse("a+b.t$1");
    assertThat(pattern.matches(new TableId("a+b", "t$1"))).isTrue();
    assertThat(pattern.matches(new TableId("aab", "t$1"))).isFalse();
    assertThat(TablePattern.parse("shop.Orders").matches(new TableId("shop", "orders"))).isFalse();
  }

  @Test
  void givesARegexForDebezium() {
    String regex = TablePattern.parse("shop.ord_%").toRegex();
    assertThat("shop.orders".matches(regex)).isTrue();
    assertThat("shopXorders".matches(regex)).isFalse();
    assertThat("shop.ord".matches(regex)).isFalse();
  }

  @Test
  void rejectsPatternsWithoutExactlyOneDot() {
    String expected =
        "'%s' is not a table pattern (use <database>.<table> with % and _ as wildcards,"
            + " e.g. shop.% or %.orders)";
    for (String text : new String[] {"shop", "a.b.c", ".t", "db."}) {
      assertThatThrownBy(() -> TablePattern.parse(text))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(expected.replace("%s", text));
    }
  }

  @Test
  void rejectsCommasWhichWouldSplitDebeziumsList() {
    assertThatThrownBy(() -> TablePattern.parse("shop.%,crm.%"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "'shop.%,crm.%' holds a comma (write each pattern as its own list item, e.g."
                + " [\"shop.%\", \"crm.%\"])");
  }
}
