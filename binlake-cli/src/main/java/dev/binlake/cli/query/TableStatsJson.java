package dev.binlake.cli.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.binlake.api.OrderKey;
import dev.binlake.api.TableId;
import dev.binlake.api.TableStats;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@link TableStats} to and from JSON, for the query endpoint. */
public final class TableStatsJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  private TableStatsJson() {}

  public static ArrayNode toJson(List<TableStats> stats) {
    ArrayNode array = JSON.createArrayNode();
    for (TableStats s : stats) {
      ObjectNode node = array.addObject();
      node.put("table", s.table().toString());
      node.put("historyRows", s.historyRows());
      node.put("latestRows", s.latestRows());
      node.put("files", s.files());
      s.lastKey().ifPresent(k -> node.put("lastKey", k.value()));
      s.lastCommit().ifPresent(t -> node.put("lastCommit", t.toString()));
      s.noViewReason().ifPresent(r -> node.put("noViewReason", r));
      node.put("dropped", s.dropped());
    }
    return array;
  }

  public static List<TableStats> fromJson(JsonNode array) {
    List<TableStats> stats = new ArrayList<>();
    for (JsonNode node : array) {
      stats.add(
          new TableStats(
              TableId.parse(node.path("table").asText()),
              node.path("historyRows").asLong(),
              node.path("latestRows").asLong(),
              node.path("files").asLong(),
              node.hasNonNull("lastKey")
                  ? Optional.of(new OrderKey(node.path("lastKey").asText()))
                  : Optional.empty(),
              node.hasNonNull("lastCommit")
                  ? Optional.of(Instant.parse(node.path("lastCommit").asText()))
                  : Optional.empty(),
              node.hasNonNull("noViewReason")
                  ? Optional.of(node.path("noViewReason").asText())
                  : Optional.empty(),
              node.path("dropped").asBoolean(false)));
    }
    return stats;
  }
}
