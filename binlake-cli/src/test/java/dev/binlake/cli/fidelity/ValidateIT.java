package dev.binlake.cli.fidelity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.binlake.cli.config.BinlakeConfig;
import dev.binlake.cli.run.Pipeline;
import dev.binlake.testing.ThrowawayMariaDb;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code binlake validate}: equal tables exit 0; rows altered, removed or added in the warehouse
 * behind binlake's back exit 1 with their keys (integer, composite and text keys); and it compares
 * at a consistent point while replication runs.
 */
class ValidateIT {
  @TempDir Path dir;

  @Test
  void findsTheKeysOfAlteredRowsAndExitsOne() throws Exception {
    ThrowawayMariaDb server = FidelityServer.get();
    String db = server.createDatabase("val");
    server.executeIn(
        db,
        "CREATE TABLE items (id BIGINT PRIMARY KEY, name VARCHAR(40), price DECIMAL(10,2))",
        "INSERT INTO items SELECT seq, CONCAT('item ', seq), seq / 100 FROM seq_1_to_20000",
        "CREATE TABLE pairs (a VARCHAR(10), b INT, v DOUBLE, PRIMARY KEY (a, b))",
        "INSERT INTO pairs SELECT CONCAT('k', seq % 50), seq, seq / 7 FROM seq_1_to_2000",
        "CREATE TABLE log (msg VARCHAR(20))",
        "INSERT INTO log VALUES ('no key'), ('no key')");
    Lake lake = Lake.create(server, db, dir);
    lake.runOnce();

    Lake.Output equal = lake.validate();
    assertThat(equal.out())
        .as(equal.err())
        .contains(db + ".items: equal (20000 rows)")
        .contains(db + ".pairs: equal (2000 rows)")
        .contains(db + ".log: skipped: no primary key")
        .contains("EQUAL: 0 of 3 tables differ");
    assertThat(equal.code()).isZero();

    String items = "\"" + db + "\".items_history";
    String pairs = "\"" + db + "\".pairs_history";
    lake.query("UPDATE " + items + " SET name = 'tampered' WHERE id = 12345");
    lake.query("DELETE FROM " + pairs + " WHERE a = 'k7' AND b = 1007");
    lake.query(
        "INSERT INTO "
            + items
            + " (\"Op\", binlake_order, id, name, price) VALUES"
            + " ('I', '00000000-000000000000-0-000000000000-0', 20001, 'ghost', 1)");

    Lake.Output different = lake.validate();
    assertThat(different.out())
        .as(different.err())
        .contains(
            db
                + ".items: DIFFERENT: 2 keys differ\n"
                + "  id=12345: values differ in [name]\n"
                + "  id=20001: in the warehouse but not in the source\n")
        .contains(
            db
                + ".pairs: DIFFERENT: 1 keys differ\n"
                + "  a=k7, b=1007: missing in the warehouse\n")
        .contains("DIFFERENT: 2 of 3 tables differ");
    assertThat(different.code()).isEqualTo(1);

    Lake.Output one = lake.validate("--table", db + ".pairs");
    assertThat(one.out()).contains("DIFFERENT: 1 of 1 tables differ").doesNotContain(".items");
    assertThat(one.code()).isEqualTo(1);
  }

  @Test
  void comparesAtAConsistentPointWhileReplicationRuns() throws Exception {
    ThrowawayMariaDb server = FidelityServer.get();
    String db = server.createDatabase("live");
    server.executeIn(
        db,
        "CREATE TABLE t (id INT PRIMARY KEY, v INT)",
        "INSERT INTO t SELECT seq, seq FROM seq_1_to_1000");
    Lake lake = Lake.create(server, db, dir);
    try (Pipeline pipeline = Pipeline.start(BinlakeConfig.load(lake.config(), Map.of()))) {
      pipeline.catchUp(pipeline.startPosition(), Duration.ofMinutes(2));
      server.executeIn(
          db,
          "UPDATE t SET v = v + 1 WHERE id <= 500",
          "DELETE FROM t WHERE id > 900",
          "INSERT INTO t VALUES (5000, 1)");

      Lake.Output output = lake.validate("--wait", "60");

      assertThat(output.out())
          .as(output.err())
          .contains(db + ".t: equal (901 rows)")
          .doesNotContain("capture had not reached it");
      assertThat(output.code()).isZero();
    }
  }
}
