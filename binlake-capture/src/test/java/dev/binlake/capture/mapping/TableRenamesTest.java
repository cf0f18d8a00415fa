package dev.binlake.capture.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import dev.binlake.api.TableId;
import dev.binlake.capture.mapping.TableRenames.Rename;
import org.junit.jupiter.api.Test;

class TableRenamesTest {
  private static TableId t(String db, String table) {
    return new TableId(db, table);
  }

  @Test
  void renameTableStatementsNameEveryPair() {
    assertThat(TableRenames.of("RENAME TABLE a TO b, `x y`.c TO other.`d`", "shop"))
        .containsExactly(
            new Rename(t("shop", "a"), t("shop", "b")), new Rename(t("x y", "c"), t("other", "d")));
  }

  @Test
  void alterTableRenameToKeepsTheDatabase() {
    assertThat(TableRenames.of("ALTER TABLE `orders` RENAME TO orders_old", "shop"))
        .containsExactly(new Rename(t("shop", "orders"), t("shop", "orders_old")));
    assertThat(TableRenames.of("alter table shop.a add column x int, rename as b", "other"))
        .containsExactly(new Rename(t("shop", "a"), t("shop", "b")));
  }

  @Test
  void quotedNamesMayHoldSpacesDotsAndBackticks() {
    assertThat(TableRenames.of("RENAME TABLE `a.b` TO `c``d`;", "shop"))
        .containsExactly(new Rename(t("shop", "a.b"), t("shop", "c`d")));
  }

  @Test
  void otherStatementsRenameNoTable() {
    assertThat(TableRenames.of("ALTER TABLE a RENAME COLUMN x TO y", "shop")).isEmpty();
    assertThat(TableRenames.of("ALTER TABLE a RENAME INDEX i TO j", "shop")).isEmpty();
    assertThat(TableRenames.of("DROP TABLE a", "shop")).isEmpty();
    assertThat(TableRenames.of(null, "shop")).isEmpty();
  }
}
