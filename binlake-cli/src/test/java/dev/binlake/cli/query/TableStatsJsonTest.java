package dev.binlake.cli.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.binlake.api.OrderKey;
import dev.binlake.api.TableId;
import dev.binlake.api.TableStats;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TableStatsJsonTest {
  @Test
  void noViewReasonAndDroppedSurviveTheQueryEndpoint() {
    List<TableStats> stats =
        List.of(
            new TableStats(
                new TableId("shop", "log"),
                3,
                0,
                1,
                Optional.of(OrderKey.streamed(1, 100, 0, 0)),
                Optional.of(Instant.parse("2024-05-01T10:00:00Z")),
                Optional.of("no primary key: the latest view needs one"),
                false),
            new TableStats(
                new TableId("shop", "old"),
                2,
                0,
                2,
                Optional.of(OrderKey.streamed(1, 200, 0, 0)),
                Optional.empty(),
                Optional.empty(),
                true));

    assertThat(TableStatsJson.fromJson(TableStatsJson.toJson(stats))).isEqualTo(stats);
  }
}
