package dev.binlake.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.binlake.api.BinlakeException;
import dev.binlake.api.ChangeFile;
import dev.binlake.api.ErrorCode;
import dev.binlake.api.OrderKey;
import dev.binlake.api.TableId;
import dev.binlake.files.DmsLayout.ParsedKey;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class DmsLayoutTest {
  private static final TableId ORDERS = new TableId("shop", "orders");
  private static final OrderKey FIRST = OrderKey.streamed(42, 123_456, 7, 1);

  /** 2024-05-06T07:08:09.123456Z. */
  private static final long COMMIT = 1_714_979_289_123_456L;

  @Test
  void namesLoadFilesWithEightUppercaseHexDigits() {
    assertThat(DmsLayout.loadKey("lake", ORDERS, 1))
        .isEqualTo("lake/shop/orders/LOAD00000001.parquet");
    assertThat(DmsLayout.loadKey("lake", ORDERS, 9))
        .isEqualTo("lake/shop/orders/LOAD00000009.parquet");
    assertThat(DmsLayout.loadKey("lake", ORDERS, 10))
        .isEqualTo("lake/shop/orders/LOAD0000000A.parquet");
    assertThat(DmsLayout.loadKey("lake", ORDERS, 255))
        .isEqualTo("lake/shop/orders/LOAD000000FF.parquet");
    assertThat(DmsLayout.loadKey("lake", ORDERS, 256))
        .isEqualTo("lake/shop/orders/LOAD00000100.parquet");
    assertThat(DmsLayout.loadKey("lake", ORDERS, Integer.MAX_VALUE))
        .isEqualTo("lake/shop/orders/LOAD7FFFFFFF.parquet");
  }

  @Test
  void namesCdcFilesAfterTheUtcCommitTimeAndFirstKey() {
    assertThat(DmsLayout.cdcKey("lake", ORDERS, COMMIT, FIRST))
        .isEqualTo(
            "lake/shop/orders/20240506-070809123-00000042-000000123456-1-000000000007-1"
                + ".parquet");
    assertThat(DmsLayout.cdcKey("", ORDERS, 0, OrderKey.MIN))
        .isEqualTo(
            "shop/orders/19700101-000000000-00000000-000000000000-0-000000000000-0" + ".parquet");
  }

  @Test
  void anEmptyPrefixHasNoLeadingSlashAndTrailingSlashesAreIgnored() {
    assertThat(DmsLayout.loadKey("", ORDERS, 1)).isEqualTo("shop/orders/LOAD00000001.parquet");
    assertThat(DmsLayout.loadKey("a/b/", ORDERS, 1))
        .isEqualTo("a/b/shop/orders/LOAD00000001.parquet");
    assertThat(DmsLayout.tablePrefix("", ORDERS)).isEqualTo("shop/orders/");
    assertThat(DmsLayout.tablePrefix("lake", ORDERS)).isEqualTo("lake/shop/orders/");
  }

  @Test
  void cdcNamesSortByCommitTimeThenKey() {
    String earlier = DmsLayout.cdcKey("p", ORDERS, COMMIT, FIRST);
    String sameMillisLaterKey =
        DmsLayout.cdcKey("p", ORDERS, COMMIT + 1, OrderKey.streamed(42, 123_457, 0, 0));
    String laterMillis = DmsLayout.cdcKey("p", ORDERS, COMMIT + 1000, OrderKey.MIN);

    assertThat(earlier).isLessThan(sameMillisLaterKey).isLessThan(laterMillis);
  }

  @Test
  void parsesWhatItNames() {
    assertThat(DmsLayout.parse("lake", DmsLayout.loadKey("lake", ORDERS, 10)))
        .contains(
            new ParsedKey(ORDERS, ChangeFile.Kind.LOAD, OptionalInt.of(10), Optional.empty()));
    assertThat(DmsLayout.parse("lake/", DmsLayout.cdcKey("lake", ORDERS, COMMIT, FIRST)))
        .contains(
            new ParsedKey(ORDERS, ChangeFile.Kind.CDC, OptionalInt.empty(), Optional.of(FIRST)));
    assertThat(DmsLayout.parse("", DmsLayout.loadKey("", ORDERS, Integer.MAX_VALUE)))
        .contains(
            new ParsedKey(
                ORDERS, ChangeFile.Kind.LOAD, OptionalInt.of(Integer.MAX_VALUE), Optional.empty()));
    TableId dotted = new TableId("my.db", "t.1");
    assertThat(DmsLayout.parse("x", DmsLayout.loadKey("x", dotted, 2)))
        .map(ParsedKey::table)
        .contains(dotted);
  }

  @Test
  void keysThatDoNotFitParseToEmpty() {
    String cdcName = "20240506-070809123-00000042-000000123456-1-000000000007-1.parquet";
    assertThat(DmsLayout.parse("lake", "other/shop/orders/LOAD00000001.parquet")).isEmpty();
    assertThat(DmsLayout.parse("lake", "lakehouse/shop/orders/LOAD00000001.parquet")).isEmpty();
    assertThat(DmsLayout.parse("lake", "lake/shop/LOAD00000001.parquet")).isEmpty();
    assertThat(DmsLayout.parse("lake", "lake/x/shop/orders/LOAD00000001.parquet")).isEmpty();
    assertThat(DmsLayout.parse("lake", "lake/shop/orders/LOAD0000000a.parquet")).isEmpty();
    assertThat(DmsLayout.parse("lake", "lake/shop/orders/LOAD00000000.parquet")).isEmpty();
    assertThat(DmsLayout.parse("lake", "lake/shop/orders/LOAD80000000.parquet")).isEmpty();
    assertThat(DmsLayout.parse("lake", "lake/shop/orders/LOAD0000001.parquet")).isEmpty();
    assertThat(DmsLayout.parse("lake", "lake/shop/orders/LOAD00000001.parquet.tmp")).isEmpty();
    assertThat(DmsLayout.parse("lake", "lake/shop/orders/20240506-0708091230.parquet"))
        .as("a name of DMS itself, without order key")
        .isEmpty();
    assertThat(
            DmsLayout.parse("lake", "lake/shop/orders/20241306-070809123-" + cdcName.substring(19)))
        .as("month 13")
        .isEmpty();
    assertThat(DmsLayout.parse("lake", "lake/shop/orders/" + cdcName)).isPresent();
    assertThat(DmsLayout.parse("lake", "lake//orders/" + cdcName)).isEmpty();
    assertThat(DmsLayout.parse("lake", "lake/../orders/" + cdcName)).isEmpty();
    assertThat(DmsLayout.parse("", "/shop/orders/" + cdcName)).isEmpty();
    assertThat(DmsLayout.parse("lake", "lake/shop/orders/_checkpoint.json")).isEmpty();
  }

  @Test
  void rejectsTableNamesThatDoNotFitAKeyLevel() {
    for (TableId table :
        new TableId[] {
          new TableId("shop", "a/b"), new TableId("sh/op", "orders"), new TableId("..", "orders")
        }) {
      assertThatThrownBy(() -> DmsLayout.loadKey("lake", table, 1))
          .isInstanceOf(BinlakeException.class)
          .hasMessage(
              "Cannot name change files of table "
                  + table
                  + ": a database or table name"
                  + " that contains '/' or is '.' or '..' does not fit an object key level (exclude"
                  + " the table with source.exclude, or rename it)")
          .extracting(e -> ((BinlakeException) e).code())
          .isEqualTo(ErrorCode.SOURCE_UNSUPPORTED);
    }
    assertThatThrownBy(() -> DmsLayout.cdcKey("lake", new TableId("shop", "a/b"), COMMIT, FIRST))
        .isInstanceOf(BinlakeException.class)
        .hasMessageStartingWith("Cannot name change files of table shop.a/b: ");
  }

  @Test
  void rejectsLoadNumbersBelowOneAndCommitTimesOutOfRange() {
    assertThatThrownBy(() -> DmsLayout.loadKey("lake", ORDERS, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("load file number must be positive: 0");
    assertThatThrownBy(() -> DmsLayout.cdcKey("lake", ORDERS, -1, FIRST))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("commit time must lie in years 1970 to 9999: -1 µs");
  }
}
