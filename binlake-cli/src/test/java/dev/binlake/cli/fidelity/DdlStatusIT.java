package dev.binlake.cli.fidelity;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.binlake.cli.CliOutput;
import dev.binlake.testing.ThrowawayMariaDb;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code status} says why a table has no latest view and that a table was dropped. The table is
 * dropped in a later run than the one that stored its rows, so its DROP TABLE marker takes the
 * shape of the newest file in the store (capture saw no row of it since the restart).
 */
class DdlStatusIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void statusShowsDroppedTablesAndWhyATableHasNoView() throws Exception {
    ThrowawayMariaDb server = FidelityServer.get();
    String db = server.createDatabase("ddl_status");
    server.executeIn(
        db,
        "CREATE TABLE kept (id INT PRIMARY KEY)",
        "CREATE TABLE nokey (v VARCHAR(10))",
        "CREATE TABLE dropped (id INT PRIMARY KEY, v VARCHAR(10) NOT NULL)",
        "INSERT INTO kept VALUES (1)",
        "INSERT INTO nokey VALUES ('a')",
        "INSERT INTO dropped VALUES (1, 'x'), (2, 'y')");
    Lake lake = Lake.create(server, db, dir);
    lake.runOnce();
    server.executeIn(db, "DROP TABLE dropped", "INSERT INTO kept VALUES (2)");
    lake.runOnce();

    assertThat(
            lake.lines(
                "SELECT \"Op\", id, v FROM \"" + db + "\".dropped_history ORDER BY binlake_order"))
        .containsExactly("I | 1 | x", "I | 2 | y", "X | null | null");
    assertThat(lake.lines("SELECT count(*) FROM \"" + db + "\".dropped")).containsExactly("0");

    CliOutput text = lake.cli("status", "--config", lake.config().toString());
    assertThat(text.code()).as(text.err()).isZero();
    assertThat(text.out())
        .contains(
            db + ".dropped",
            "\n  dropped at the source: the latest view is empty; history keeps every change\n",
            "\n  no latest view: no primary key: the latest view needs one (add a primary key to"
                + " the source table, or name key columns in warehouse.keys; \""
                + db
                + "\".\"nokey_history\" has every change)\n");
    assertThat(text.out().split("dropped at the source", -1)).hasSize(2);

    CliOutput json = lake.cli("status", "--config", lake.config().toString(), "--json");
    assertThat(json.code()).as(json.err()).isZero();
    JsonNode tables = JSON.readTree(json.out()).path("tables");
    assertThat(tables).hasSize(3);
    for (JsonNode table : tables) {
      String name = table.path("table").asText();
      assertThat(table.path("dropped").asBoolean()).as(name).isEqualTo(name.endsWith(".dropped"));
      assertThat(table.path("noViewReason").isNull()).as(name).isEqualTo(!name.endsWith(".nokey"));
    }
  }
}
