package dev.binlake.cli.fidelity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.binlake.cli.CliOutput;
import dev.binlake.cli.TestWarehouses;
import dev.binlake.cli.config.BinlakeConfig;
import dev.binlake.cli.run.Pipeline;
import dev.binlake.testing.ThrowawayMariaDb;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code binlake validate} against DuckDB, PostgreSQL and the BigQuery test server: equal tables
 * exit 0; rows altered, removed or added in the warehouse behind binlake's back exit 1 with their
 * keys (integer, composite and text keys); and it compares at a consistent point while replication
 * runs.
 */
class ValidateIT {
  @TempDir Path dir;

  private static final TestWarehouses WAREHOUSES = new TestWarehouses(ValidateIT.class);

  @AfterAll
  static void stopWarehouses() {
    WAREHOUSES.close();
  }

  @ParameterizedTest(name = "in {0}")
  @ValueSource(strings = {"duckdb", "postgres", "bigquery"})
  void findsTheKeysOfAlteredRowsAndExitsOne(String type) throws Exception {
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
    Lake lake = Lake.create(server, db, db + ".%", dir, WAREHOUSES.config(type));
    lake.runOnce();

    CliOutput equal = lake.validate();
    assertThat(equal.out())
        .as(equal.err())
        .contains(db + ".items: equal (20000 rows)")
        .contains(db + ".pairs: equal (2000 rows)")
        .contains(db + ".log: skipped: no primary key")
        .contains("EQUAL: 0 of 3 tables differ");
    assertThat(equal.code()).isZero();

    String items = TestWarehouses.table(type, db, "items_history");
    String pairs = TestWarehouses.table(type, db, "pairs_history");
    lake.query("UPDATE " + items + " SET name = 'tampered' WHERE id = 12345");
    lake.query("DELETE FROM " + pairs + " WHERE a = 'k7' AND b = 1007");
    lake.query(
        "INSERT INTO "
            + items
            + " ("
            + TestWarehouses.quote(type, "Op")
            + ", binlake_order, id, name, price) VALUES"
            + " ('I', '00000000-000000000000-0-000000000000-0', 20001, 'ghost', 1)");

    CliOutput different = lake.validate();
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

    CliOutput one = lake.validate("--table", db + ".pairs");
    assertThat(one.out()).contains("DIFFERENT: 1 of 1 tables differ").doesNotContain(".items");
    assertThat(one.code()).isEqualTo(1);

    // A source change binlake never captured (binlog off for the session) differs too.
    server.executeIn(db, "SET SESSION sql_log_bin = 0", "UPDATE items SET price = 7 WHERE id = 3");
    CliOutput uncaptured = lake.validate("--table", db + ".items");
    assertThat(uncaptured.out())
        .as(uncaptured.err())
        .contains("  id=3: values differ in [price]\n");
    assertThat(uncaptured.code()).isEqualTo(1);
  }

  @ParameterizedTest(name = "in {0}")
  @ValueSource(strings = {"duckdb", "postgres", "bigquery"})
  void equalDataOfEveryMappedTypeGivesEqualChecksums(String type) throws Exception {
    ThrowawayMariaDb server = FidelityServer.get();
    String db = server.createDatabase("types");
    server.executeIn(
        db,
        "CREATE TABLE t (id INT PRIMARY KEY, ti TINYINT, si SMALLINT UNSIGNED, mi MEDIUMINT,"
            + " bi BIGINT, ub BIGINT UNSIGNED, yr YEAR, b1 BIT(1), b9 BIT(9), b64 BIT(64),"
            + " d DECIMAL(10,2), dn DECIMAL(38,12), dbig DECIMAL(65,30), f FLOAT, g DOUBLE,"
            + " c CHAR(3), v VARCHAR(40), tx TEXT, e ENUM('a','b'), st SET('x','y'), j JSON,"
            + " bn BINARY(4), vb VARBINARY(10), bl BLOB, dt DATE, dtm DATETIME(6),"
            + " ts TIMESTAMP(6) NULL, tm TIME(6), geo POINT)",
        "INSERT INTO t VALUES (1, -128, 65535, -8388608, -9223372036854775808,"
            + " 18446744073709551615, 2024, 1, 257, 18446744073709551615, -12345678.90,"
            + " 12345678901234567890.123456789012,"
            + " 12345678901234567890123456789012345.123456789012345678901234567890,"
            + " 3.25, -1.7976931348623157E308, 'abc', 'emoji 🍑 é', REPEAT('x', 3000), 'b',"
            + " 'x,y', '{\"k\": [1, 2.50, \"s\"]}', x'00ff0102', x'', x'deadbeef',"
            + " '0001-01-01', '1999-12-31 23:59:59.999999', '2038-01-19 03:14:07.123456',"
            + " '-838:59:59.000000', POINT(1.5, -2))",
        "INSERT INTO t (id, d, g, dtm, tm) VALUES (2, 0.00, 5e-324, '2024-02-29 00:00:00',"
            + " '838:59:59.999999'), (3, 10.10, 0.1, NULL, '00:00:00')");
    Lake lake = Lake.create(server, db, db + ".%", dir, WAREHOUSES.config(type));
    lake.runOnce();

    CliOutput output = lake.validate();

    assertThat(output.out()).as(output.err()).contains(db + ".t: equal (3 rows)");
    assertThat(output.code()).isZero();
    // MariaDB's JSON is LONGTEXT: it lands as text everywhere, so its values are compared too.
    assertThat(output.out()).doesNotContain("note:");
    server.executeIn(
        db, "SET SESSION sql_log_bin = 0", "UPDATE t SET g = -1.7976931348623155E308 WHERE id = 1");
    CliOutput lastBit = lake.validate();
    assertThat(lastBit.out()).as(lastBit.err()).contains("  id=1: values differ in [g]\n");
  }

  /**
   * {@code status} counts zero dates per table and column in every warehouse, as validate's SQL.
   */
  @ParameterizedTest(name = "in {0}")
  @ValueSource(strings = {"duckdb", "postgres", "bigquery"})
  void statusCountsValuesNotRepresentable(String type) throws Exception {
    ThrowawayMariaDb server = FidelityServer.get();
    String db = server.createDatabase("zeros");
    server.executeIn(
        db,
        "SET SESSION sql_mode = ''",
        "CREATE TABLE z (id INT PRIMARY KEY, made_at TIMESTAMP NULL, madeXat DATE NOT NULL)",
        "INSERT INTO z VALUES (1, '0000-00-00 00:00:00', '0000-00-00'),"
            + " (2, '2024-01-01 00:00:00', '0000-00-00'), (3, NULL, '2024-01-01')");
    Lake lake = Lake.create(server, db, db + ".%", dir, WAREHOUSES.config(type));
    lake.runOnce();
    server.executeIn(
        db,
        "SET SESSION sql_mode = ''",
        "UPDATE z SET made_at = '0000-00-00' WHERE id = 3",
        "INSERT INTO z VALUES (4, '0000-00-00 00:00:00', '0000-00-00')");
    lake.runOnce();

    CliOutput status = lake.cli("status", "--config", lake.config().toString());

    assertThat(status.code()).as(status.err()).isZero();
    assertThat(status.out())
        .contains(
            "values not representable (zero dates, stored as NULL): \n"
                + "  "
                + db
                + ".z.madeXat: 3 changes\n"
                + "  "
                + db
                + ".z.made_at: 2 changes\n");
  }

  @ParameterizedTest(name = "in {0}")
  @ValueSource(strings = {"duckdb", "postgres", "bigquery"})
  void comparesAtAConsistentPointWhileReplicationRuns(String type) throws Exception {
    ThrowawayMariaDb server = FidelityServer.get();
    String db = server.createDatabase("live");
    server.executeIn(
        db,
        "CREATE TABLE t (id INT PRIMARY KEY, v INT)",
        "INSERT INTO t SELECT seq, seq FROM seq_1_to_1000");
    Lake lake = Lake.create(server, db, db + ".%", dir, WAREHOUSES.config(type));
    try (Pipeline pipeline = Pipeline.start(BinlakeConfig.load(lake.config(), Map.of()))) {
      pipeline.catchUp(pipeline.startPosition(), Duration.ofMinutes(2));
      server.executeIn(
          db,
          "UPDATE t SET v = v + 1 WHERE id <= 500",
          "DELETE FROM t WHERE id > 900",
          "INSERT INTO t VALUES (5000, 1)");

      CliOutput output = lake.validate("--wait", "60");

      assertThat(output.out())
          .as(output.err())
          .contains(db + ".t: equal (901 rows)")
          .doesNotContain("capture had not reached it");
      assertThat(output.code()).isZero();
    }
  }
}
