package dev.binlake.capture.offset;

import static org.assertj.core.api.Assertions.assertThat;

import dev.binlake.api.TableId;
import dev.binlake.capture.snapshot.IncrementalOffsets;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SnapshotHandoverTest {
  private static final TableId A = new TableId("shop", "a");
  private static final TableId B = new TableId("shop", "b");

  @Test
  void wantedTablesJoinTheOffsetsIncrementalSnapshotList() {
    String streaming = "{\"file\":\"mariadb-bin.000001\",\"gtids\":\"0-1-5\",\"pos\":1564}";
    String merged = SnapshotHandover.merge(streaming, Set.of(B, A));
    assertThat(IncrementalOffsets.collections(merged)).containsExactly(A, B);
    assertThat(merged).contains("\"pos\":1564").contains("\"gtids\":\"0-1-5\"");
    String again = SnapshotHandover.merge(merged, Set.of(A));
    assertThat(IncrementalOffsets.collections(again)).containsExactly(A, B);
  }

  @Test
  void nothingIsHandedOverDuringDebeziumsOwnSnapshotOrWithoutWantedTables() {
    String snapshotting = "{\"file\":\"mariadb-bin.000001\",\"pos\":4,\"snapshot\":true}";
    assertThat(SnapshotHandover.merge(snapshotting, Set.of(A))).isEqualTo(snapshotting);
    String streaming = "{\"pos\":4}";
    assertThat(SnapshotHandover.merge(streaming, Set.of())).isEqualTo(streaming);
  }
}
