package dev.binlake.capture.columns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.binlake.api.TableId;
import java.math.BigDecimal;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ColumnRulesTest {
  private static final TableId CUSTOMERS = new TableId("shop", "customers");

  @Test
  void matchesDatabaseAndTableCaseSensitivelyAndColumnsCaseInsensitively() {
    ColumnRules rules =
        ColumnRules.of(List.of("shop.%.ssn"), List.of("shop.cust_mers.e%"), "0123456789abcdef");
    assertThat(rules.excludes(CUSTOMERS, "SSN")).isTrue();
    assertThat(rules.excludes(new TableId("Shop", "customers"), "ssn")).isFalse();
    assertThat(rules.hashes(CUSTOMERS, "Email")).isTrue();
    assertThat(rules.hashes(new TableId("shop", "Customers"), "email")).isFalse();
    assertThat(rules.hashes(CUSTOMERS, "ssn")).isFalse();
  }

  @Test
  void excludedWinsOverHashed() {
    ColumnRules rules = ColumnRules.of(List.of("%.%.ssn"), List.of("%.%.%"), "0123456789abcdef");
    assertThat(rules.hashes(CUSTOMERS, "ssn")).isFalse();
    assertThat(rules.hashes(CUSTOMERS, "name")).isTrue();
  }

  @Test
  void debeziumListMatchesWhatBinlakeMatchesUnderDebeziumsCaseInsensitiveFlag() {
    ColumnRules rules = ColumnRules.of(List.of("shop.customers.ssn", "crm.%.x_"), List.of(), "");
    String[] regexes = rules.debeziumExcludeList().split(",");
    assertThat(regexes).hasSize(2);
    Pattern first = Pattern.compile(regexes[0], Pattern.CASE_INSENSITIVE);
    assertThat(first.matcher("shop.customers.SSN").matches()).isTrue();
    assertThat(first.matcher("SHOP.customers.ssn").matches()).isFalse();
    assertThat(first.matcher("shopXcustomers.ssn").matches()).isFalse();
    assertThat(Pattern.compile(regexes[1], Pattern.CASE_INSENSITIVE).matcher("crm.a.x1").matches())
        .isTrue();
  }

  @Test
  void rejectsMalformedRulesAndHashingWithoutAKey() {
    assertThatThrownBy(() -> ColumnRules.of(List.of("shop.customers"), List.of(), ""))
        .hasMessageContaining("must be <database>.<table>.<column>");
    assertThatThrownBy(() -> ColumnRules.of(List.of(), List.of("a.b.c"), ""))
        .hasMessageContaining("needs a key");
  }

  @Test
  void hashesAreKeyedHmacSha256OfTheStoredValue() {
    ColumnHash hash = ColumnRules.of(List.of(), List.of("a.b.c"), "key").hash();
    // RFC 4231-style check value computed with `openssl dgst -sha256 -hmac key`.
    assertThat(hash.apply("The quick brown fox jumps over the lazy dog"))
        .isEqualTo("f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8");
    assertThat(hash.apply(new BigDecimal("1.50"))).isEqualTo(hash.apply("1.50"));
    assertThat(hash.apply(42)).isEqualTo(hash.apply("42"));
    assertThat(hash.apply(new byte[] {'4', '2'})).isEqualTo(hash.apply("42"));
    assertThat(ColumnRules.of(List.of(), List.of("a.b.c"), "other").hash().apply("42"))
        .isNotEqualTo(hash.apply("42"));
  }
}
