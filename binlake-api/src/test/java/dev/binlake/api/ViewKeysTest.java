package dev.binlake.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ViewKeysTest {
  private static final TableId LOG = new TableId("shop", "log");
  private static final ColumnType TEXT = ColumnType.of(ColumnType.Kind.STRING);
  private static final TableSchema NO_KEY =
      new TableSchema(
          LOG,
          List.of(new Column("Id", TEXT, false, "int"), new Column("msg", TEXT, true, "")),
          List.of());

  @Test
  void configuredKeyMatchesColumnsWithoutCaseAndTakesTheTablesSpelling() {
    ViewKey key = new ViewKeys(Map.of(LOG, List.of("id"))).resolve(NO_KEY);

    assertThat(key.hasView()).isTrue();
    assertThat(key.source()).isEqualTo(ViewKey.Source.CONFIGURED);
    assertThat(key.viewSchema().primaryKey()).containsExactly("Id");
    assertThat(key.viewSchema().columns()).isEqualTo(NO_KEY.columns());
  }

  @Test
  void sourcePrimaryKeyWinsAndAConflictingConfiguredKeyIsReportedAsIgnored() {
    TableSchema keyed = new TableSchema(LOG, NO_KEY.columns(), List.of("Id"));

    ViewKey conflicting = new ViewKeys(Map.of(LOG, List.of("msg"))).resolve(keyed);
    assertThat(conflicting.source()).isEqualTo(ViewKey.Source.PRIMARY_KEY);
    assertThat(conflicting.viewSchema()).isEqualTo(keyed);
    assertThat(conflicting.ignored()).containsExactly("msg");

    assertThat(new ViewKeys(Map.of(LOG, List.of("ID"))).resolve(keyed).ignored()).isEmpty();
  }

  @Test
  void missingColumnsLeaveNoViewAndTheReasonNamesThemAndTheOption() {
    ViewKey key = new ViewKeys(Map.of(LOG, List.of("id", "nope"))).resolve(NO_KEY);

    assertThat(key.hasView()).isFalse();
    assertThat(key.missing()).containsExactly("nope");
    assertThat(key.noViewReason("shop.log_history", false))
        .isEqualTo(
            "no primary key, and warehouse.keys names key column nope that shop.log does not"
                + " have (fix \"shop.log: ...\" in warehouse.keys; its columns are Id, msg;"
                + " shop.log_history has every change)");
  }

  @Test
  void withoutAConfiguredKeyTheReasonSaysHowToGetAView() {
    ViewKey key = ViewKeys.none().resolve(NO_KEY);

    assertThat(key.hasView()).isFalse();
    assertThat(key.noViewReason("h", false))
        .isEqualTo(
            "no primary key: the latest view needs one (add a primary key to the source table,"
                + " or name key columns in warehouse.keys; h has every change)");
    assertThat(key.noViewReason("h", true))
        .isEqualTo(
            "no primary key: AWS DMS files carry none (name the key columns in warehouse.keys; h"
                + " has every change)");
  }

  @Test
  void anEmptyKeyIsRefused() {
    assertThatThrownBy(() -> new ViewKeys(Map.of(LOG, List.of())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("key of shop.log names no column");
  }
}
