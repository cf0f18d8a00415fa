package dev.binlake.capture.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.binlake.api.SourceOffset;
import dev.binlake.api.TableId;
import java.util.List;
import org.junit.jupiter.api.Test;

class SnapshotRequestsTest {
  private static final TableId A = new TableId("shop", "a");
  private static final TableId B = new TableId("shop", "b");

  @Test
  void aRequestIsCoveredOnceACheckpointedOffsetListsItsTable() {
    SnapshotRequests requests = new SnapshotRequests();
    requests.request(List.of(A, B));
    requests.coverBy(new SourceOffset("{\"file\":\"mariadb-bin.000001\",\"pos\":4}", "f", 4));
    assertThat(requests.pending()).containsExactlyInAnyOrder(A, B);
    String json =
        "{\"incremental_snapshot_collections\":"
            + "\"[{\\\"incremental_snapshot_collections_id\\\":\\\"shop.a\\\"}]\",\"pos\":4}";
    requests.coverBy(new SourceOffset(json, "f", 4));
    assertThat(requests.pending()).containsExactly(B);
    requests.covered(B);
    assertThat(requests.isEmpty()).isTrue();
  }
}
