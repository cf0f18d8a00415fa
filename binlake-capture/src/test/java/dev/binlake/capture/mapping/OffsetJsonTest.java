package dev.binlake.capture.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class OffsetJsonTest {
  @Test
  void writesDebeziumBinlogOffsetsAsJacksonDoesWithSortedKeys() {
    Map<String, Object> offset = new HashMap<>();
    offset.put("transaction_id", null);
    offset.put("ts_sec", 1_764_000_000L);
    offset.put("file", "mariadb-bin.000002");
    offset.put("pos", 1234L);
    offset.put("gtids", "0-1-17,1-2-3");
    offset.put("row", 3);
    offset.put("event", 2L);
    offset.put("server_id", 1L);
    offset.put("snapshot", true);
    offset.put("snapshot_completed", false);

    String json = new OffsetJson().write(offset);

    assertThat(json)
        .isEqualTo(OffsetJson.withJackson(offset))
        .isEqualTo(
            "{\"event\":2,\"file\":\"mariadb-bin.000002\",\"gtids\":\"0-1-17,1-2-3\",\"pos\":1234,"
                + "\"row\":3,\"server_id\":1,\"snapshot\":true,\"snapshot_completed\":false,"
                + "\"transaction_id\":null,\"ts_sec\":1764000000}");
  }

  @Test
  void equalOffsetsGiveEqualTextWhateverTheMapOrder() {
    Map<String, Object> a = new LinkedHashMap<>();
    a.put("pos", 4L);
    a.put("file", "mariadb-bin.000001");
    a.put("B", 1);
    a.put("a", 2);
    Map<String, Object> b = new TreeMap<>(a);

    assertThat(new OffsetJson().write(a))
        .isEqualTo(new OffsetJson().write(b))
        .isEqualTo(OffsetJson.withJackson(a))
        .isEqualTo("{\"B\":1,\"a\":2,\"file\":\"mariadb-bin.000001\",\"pos\":4}");
  }

  @Test
  void leavesEscapingAndOtherTypesToJackson() {
    for (Object value :
        List.of(
            "quote \" and \\ backslash",
            "tab\tnew\nline\u0001",
            "caf\u00e9 \u2028",
            1.5d,
            new BigDecimal("12.50"),
            (short) 7,
            List.of(1, 2),
            Map.of("nested", "x"))) {
      Map<String, Object> offset = new HashMap<>();
      offset.put("file", "mariadb-bin.000001");
      offset.put("value", value);
      offset.put("k\u00e9y", "x");

      assertThat(new OffsetJson().write(offset))
          .as("offset with %s", value)
          .isEqualTo(OffsetJson.withJackson(offset));
    }
    assertThat(new OffsetJson().write(Map.of())).isEqualTo("{}");
  }

  @Test
  void writesQuotesAndBackslashesAsJacksonDoes() {
    Map<String, Object> offset = new HashMap<>();
    offset.put("file", "mariadb-bin.000001");
    offset.put(
        "incremental_snapshot_collections",
        "[{\"incremental_snapshot_collections_id\":\"shop.a\"}]");
    offset.put("path", "C:\\tmp\\\"x\"");
    OffsetJson writer = new OffsetJson();
    assertThat(writer.write(offset)).isEqualTo(OffsetJson.withJackson(offset));
    offset.put("file", "mariadb-bin.000002"); // the table list is the same instance: reused
    assertThat(writer.write(offset)).isEqualTo(OffsetJson.withJackson(offset));
    offset.put("incremental_snapshot_collections", "[\"x\"]");
    assertThat(writer.write(offset)).isEqualTo(OffsetJson.withJackson(offset));
    offset.put("path", "tab\t"); // not printable ASCII: Jackson writes it, the same way
    assertThat(writer.write(offset)).isEqualTo(OffsetJson.withJackson(offset));
  }

  @Test
  void oneWriterFollowsChangingKeySetsAndValues() {
    OffsetJson writer = new OffsetJson();
    Map<String, Object> offset = new HashMap<>();
    offset.put("file", "mariadb-bin.000001");
    offset.put("pos", 4L);
    java.util.Random random = new java.util.Random(6);
    List<String> optional = List.of("row", "event", "snapshot", "gtids", "transaction_id", "z");
    for (int i = 0; i < 500; i++) {
      String key = optional.get(random.nextInt(optional.size()));
      switch (random.nextInt(4)) {
        case 0 -> offset.remove(key);
        case 1 -> offset.put(key, random.nextInt(1000));
        case 2 -> offset.put(key, "0-1-" + random.nextLong(1_000_000));
        default -> offset.put(key, random.nextBoolean() ? "tab\t" : null);
      }
      offset.put("pos", (long) i);

      assertThat(writer.write(offset)).isEqualTo(OffsetJson.withJackson(offset));
    }
  }
}
