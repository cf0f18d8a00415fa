package dev.binlake.cli.fidelity;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.binlake.cli.CliOutput;
import dev.binlake.cli.TestWarehouses;
import dev.binlake.testing.ThrowawayMariaDb;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A source table without a primary key gets a latest view by the key {@code warehouse.keys} names,
 * in DuckDB, PostgreSQL and the BigQuery test server: {@code validate} compares it with the source
 * by the same key, {@code status} shows it, and a key naming a missing column leaves the table
 * without a view and says which column.
 */
class ConfiguredKeyIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private static final TestWarehouses WAREHOUSES = new TestWarehouses(ConfiguredKeyIT.class);

  @AfterAll
  static void stopWarehouses() {
    WAREHOUSES.close();
  }

  @ParameterizedTest(name = "in {0}")
  @ValueSource(strings = {"duckdb", "postgres", "bigquery"})
  void tableWithoutPrimaryKeyGetsAViewByTheConfiguredKey(String type) throws Exception {
    ThrowawayMariaDb server = FidelityServer.get();
    String db = server.createDatabase("keys");
    server.executeIn(
        db,
        "CREATE TABLE log (id INT NOT NULL, msg VARCHAR(20))",
        "CREATE TABLE bad (id INT NOT NULL, msg VARCHAR(20))",
        "CREATE TABLE nokey (msg VARCHAR(20))",
        "INSERT INTO log VALUES (1, 'a'), (2, 'b'), (3, 'c'), (4, 'd')",
        "INSERT INTO bad VALUES (1, 'a')",
        "INSERT INTO nokey VALUES ('a')");
    List<String> warehouse = new ArrayList<>(WAREHOUSES.config(type));
    warehouse.add("  keys: [\"" + db + ".log: ID\", \"" + db + ".bad: id, nope\"]");
    Lake lake = Lake.create(server, db, db + ".%", dir, warehouse);
    lake.runOnce();
    server.executeIn(db, "UPDATE log SET msg = 'b2' WHERE id = 2", "DELETE FROM log WHERE id = 3");
    lake.runOnce();

    CliOutput validate = lake.validate();
    assertThat(validate.out())
        .as(validate.err())
        .contains(db + ".log: equal (3 rows)")
        .contains(db + ".nokey: skipped: no primary key")
        .contains(db + ".bad: DIFFERENT")
        .contains("key column nope is not in the source");
    assertThat(validate.code()).isEqualTo(1);
    CliOutput log = lake.validate("--table", db + ".log");
    assertThat(log.out()).as(log.err()).contains("EQUAL: 0 of 1 tables differ");
    assertThat(log.code()).isZero();
    assertThat(
            lake.lines(
                "SELECT id, msg FROM " + TestWarehouses.table(type, db, "log") + " ORDER BY id"))
        .containsExactly("1 | a", "2 | b2", "4 | d");

    CliOutput status = lake.cli("status", "--config", lake.config().toString(), "--json");
    assertThat(status.code()).as(status.err()).isZero();
    Map<String, JsonNode> tables = new HashMap<>();
    JSON.readTree(status.out())
        .path("tables")
        .forEach(t -> tables.put(t.path("table").asText(), t));
    assertThat(tables.get(db + ".log").path("noViewReason").isNull()).isTrue();
    assertThat(tables.get(db + ".log").path("latestRows").asLong()).isEqualTo(3);
    assertThat(tables.get(db + ".log").path("historyRows").asLong()).isEqualTo(6);
    assertThat(tables.get(db + ".bad").path("noViewReason").asText())
        .contains("warehouse.keys names key column nope that " + db + ".bad does not have");
    assertThat(tables.get(db + ".nokey").path("noViewReason").asText())
        .startsWith("no primary key: the latest view needs one")
        .contains("warehouse.keys");
  }
}
