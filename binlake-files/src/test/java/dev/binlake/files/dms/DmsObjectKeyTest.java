package dev.binlake.files.dms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.binlake.api.ChangeFile;
import dev.binlake.api.Column;
import dev.binlake.api.ColumnType;
import dev.binlake.api.DmsFile;
import dev.binlake.api.TableId;
import dev.binlake.api.TableSchema;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class DmsObjectKeyTest {
  private static final TableId TABLE = new TableId("public", "t");

  @Test
  void readsFullLoadKeysWithHexCounters() {
    DmsObjectKey key =
        DmsObjectKey.parse("dms/", "dms/public/t/LOAD0000000A.parquet").orElseThrow();

    assertThat(key.table()).isEqualTo(TABLE);
    assertThat(key.kind()).isEqualTo(ChangeFile.Kind.LOAD);
    assertThat(key.name()).isEqualTo("LOAD0000000A");
    assertThat(key.fileOrder()).isEqualTo("0" + "0".repeat(15) + "0000000A");
  }

  @Test
  void readsCdcKeysWhoseTimeHasAnyNumberOfFractionDigits() {
    DmsObjectKey shortName = DmsObjectKey.parse("", "public/t/20240809-192717787.parquet").get();
    DmsObjectKey longName = DmsObjectKey.parse("", "public/t/20141029-1134010000.parquet").get();

    assertThat(shortName.kind()).isEqualTo(ChangeFile.Kind.CDC);
    assertThat(shortName.fileOrder()).isEqualTo("1" + "20240809192717" + "787000000");
    assertThat(longName.fileOrder()).isEqualTo("1" + "20141029113401" + "000000000");
  }

  @Test
  void ordersFullLoadBeforeCdcAndCdcByTheTimeItsNameSays() {
    List<String> names =
        List.of(
            "20240809-192717787", // 19:27:17.787
            "LOAD0000000A",
            "20240809-1927171", // 19:27:17.1
            "LOAD00000009",
            "20240809-1927179000", // 19:27:17.9
            "20141029-1134010000",
            "20240809-192717");

    List<String> sorted =
        names.stream()
            .sorted((a, b) -> DmsFile.fileOrderOf(a).compareTo(DmsFile.fileOrderOf(b)))
            .toList();

    assertThat(sorted)
        .containsExactly(
            "LOAD00000009",
            "LOAD0000000A",
            "20141029-1134010000",
            "20240809-192717",
            "20240809-1927171",
            "20240809-192717787",
            "20240809-1927179000");
  }

  @Test
  void ignoresKeysOutsideTheLayout() {
    Stream.of(
            "other/public/t/LOAD00000001.parquet",
            "dms/public/LOAD00000001.parquet",
            "dms/public/t/x/LOAD00000001.parquet",
            "dms/public/t/LOAD0000001.parquet",
            "dms/public/t/load00000001.parquet",
            "dms/public/t/20240809-19271.parquet",
            "dms/public/t/20240809-192717787.csv",
            // binlake's own CDC name: time plus order key
            "dms/public/t/20240809-192717787-00000001-000000000004-1-000000000000-0.parquet")
        .forEach(key -> assertThat(DmsObjectKey.parse("dms", key)).as(key).isEmpty());
  }

  @Test
  void orderValuesSortByTimestampThenFileThenRow() {
    DmsFile load = file("LOAD00000001", ChangeFile.Kind.LOAD);
    DmsFile cdc = file("20240809-192717787", ChangeFile.Kind.CDC);

    String loaded = load.orderOf("2024-08-09 19:27:17.787000", 5);
    String changed = cdc.orderOf("2024-08-09 19:27:17.787", 0);
    String changedLater = cdc.orderOf("2024-08-09 19:27:17.7871", 1);

    assertThat(loaded)
        .hasSize(DmsFile.ORDER_LENGTH)
        .isEqualTo("20240809192717787000000-" + "0".repeat(23) + "1-000000000005");
    assertThat(List.of(changedLater, changed, loaded))
        .isSortedAccordingTo((a, b) -> b.compareTo(a));
    assertThat(load.orderOf(null, 3)).startsWith("0".repeat(23) + "-0");
  }

  @Test
  void refusesMalformedTimestamps() {
    DmsFile cdc = file("20240809-192717787", ChangeFile.Kind.CDC);

    assertThatThrownBy(() -> cdc.orderOf("09.08.2024 19:27", 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("DMS timestamp '09.08.2024 19:27' is not yyyy-MM-dd HH:mm:ss[.fraction]");
  }

  private static DmsFile file(String name, ChangeFile.Kind kind) {
    Column id = new Column("id", ColumnType.of(ColumnType.Kind.INT64), true, "INT64");
    TableSchema schema = new TableSchema(TABLE, List.of(id), List.of("id"));
    return new DmsFile("k", schema, kind, 1, false, Optional.empty(), DmsFile.fileOrderOf(name));
  }
}
