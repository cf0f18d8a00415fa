package dev.binlake.capture.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.binlake.api.ChangeFile;
import dev.binlake.api.ObjectStore;
import dev.binlake.capture.BinlogPosition;
import dev.binlake.capture.Capture;
import dev.binlake.capture.preflight.Preflight;
import dev.binlake.files.ParquetChangeReader;
import dev.binlake.files.RollingPolicy;
import dev.binlake.testing.ThrowawayMariaDb;
import dev.binlake.testing.junit.WithMariaDb;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * binlake's own binlog reader against Debezium on the same stream: two captures of one source, one
 * streaming with the direct reader, store the same changes — op, order key, every value and every
 * file's column types — through a snapshot, row changes of every type the direct reader decodes
 * (edge values, zero dates, primary-key updates, multi-row events, NULLs), DDL mid-stream (which it
 * hands over to Debezium and takes back) and a table it leaves to Debezium for good (cp1251 text).
 */
@WithMariaDb
class DirectReaderIT {
  private static final String TYPES =
      "CREATE TABLE types (id INT PRIMARY KEY, ti TINYINT, tu TINYINT UNSIGNED, si SMALLINT,"
          + " su SMALLINT UNSIGNED, mi MEDIUMINT, mu MEDIUMINT UNSIGNED, i INT, iu INT UNSIGNED,"
          + " bi BIGINT, bu BIGINT UNSIGNED, f FLOAT, d DOUBLE, dec1 DECIMAL(10,2),"
          + " dec2 DECIMAL(65,30), dt DATE, dtn DATE NOT NULL DEFAULT '2000-01-01',"
          + " t3 DATETIME(3), t6 DATETIME(6), ts TIMESTAMP(6) NULL, tm TIME(6), y YEAR,"
          + " c CHAR(5), vc VARCHAR(100), l1 VARCHAR(20) CHARACTER SET latin1, tx TEXT,"
          + " vb VARBINARY(20), bl BLOB, e ENUM('a','b','c'), st SET('x','y','z'), j JSON)";
  private static final String OTHER =
      "CREATE TABLE other (id BIGINT PRIMARY KEY, note VARCHAR(20), b BIT(3), b1 BIT(1),"
          + " b64 BIT(64), g GEOMETRY, bn BINARY(4), u UUID)";
  private static final String ROW =
      "INSERT INTO types VALUES (%d, -128, 255, -32768, 65535, -8388608, 16777215, -2147483648,"
          + " 4294967295, -9223372036854775808, 18446744073709551615, 1.5e-3, 2.2250738585072014e-308,"
          + " -12345678.91, '12345678901234567890123456789012345.123456789012345678901234567891',"
          + " '1000-01-01', '9999-12-31', '2024-02-29 23:59:59.999', '1970-01-01 00:00:00.000001',"
          + " '2038-01-19 03:14:07.999999', '-838:59:59.000000', 2155, 'ab', 'grüße 😀',"
          + " 'café', REPEAT('t', 3000), X'00FF10', X'DEADBEEF', 'b', 'x,z', '{\"k\": [1, 2]}')";

  @TempDir Path temp;

  @Test
  void storesWhatDebeziumStores(ThrowawayMariaDb server) throws Exception {
    server.execute("SET GLOBAL binlog_row_metadata = FULL");
    String db = server.createDatabase("direct");
    server.executeIn(
        db,
        "SET SESSION sql_mode = ''",
        TYPES,
        String.format(ROW, 1),
        "INSERT INTO types (id) VALUES (2)",
        OTHER,
        "INSERT INTO other VALUES (1, 'one', b'101', b'0', b'0', ST_GeomFromText('POINT(1 2)'),"
            + " X'01020304', '00000000-0000-0000-0000-000000000001')",
        "CREATE TABLE legacy (id INT PRIMARY KEY, name VARCHAR(10) CHARACTER SET cp1251)",
        "INSERT INTO legacy VALUES (1, 'one')");
    RollingPolicy policy = new RollingPolicy(Duration.ofSeconds(1), 1 << 20);
    CaptureFixture debeziumSide = new CaptureFixture(server, db, 5421, temp.resolve("a"), policy);
    CaptureFixture directSide = new CaptureFixture(server, db, 5422, temp.resolve("b"), policy);
    InMemoryStore debeziumStore = new InMemoryStore();
    InMemoryStore directStore = new InMemoryStore();
    // One engine at a time (Debezium's metrics of two engines in one JVM collide): each side
    // snapshots, then each catches up after the row changes, the direct one with its own reader.
    catchUp(debeziumSide, debeziumStore, false).close();
    catchUp(directSide, directStore, true).close();
    server.executeIn(
        db,
        "SET SESSION sql_mode = ''",
        String.format(ROW, 3),
        "INSERT INTO types (id, dtn) VALUES (4, '0000-00-00')",
        "INSERT INTO types (id, dt, ts) VALUES (5, '0000-00-00', '0000-00-00 00:00:00')",
        "UPDATE types SET vc = CONCAT(vc, '!'), bu = 0, e = 'c', st = '' WHERE id IN (1, 3)",
        "UPDATE types SET id = 30 WHERE id = 3",
        "DELETE FROM types WHERE id = 2",
        "INSERT INTO other VALUES (2, 'two', b'011', b'1', b'"
            + "1".repeat(64)
            + "',"
            + " ST_GeomFromText('LINESTRING(0 0, 1 1)'), X'0100',"
            + " '123e4567-e89b-12d3-a456-426614174000')",
        "INSERT INTO other (id) VALUES (3)",
        "UPDATE types SET tx = 'after other' WHERE id = 1");
    Capture direct = catchUp(directSide, directStore, true);
    long before = direct.directChanges();
    // DDL while the direct reader runs: Debezium reads it, then the direct reader takes over again.
    server.executeIn(
        db,
        "ALTER TABLE types ADD COLUMN extra VARCHAR(10) AFTER id",
        "INSERT INTO types (id, extra) VALUES (6, 'new')",
        "ALTER TABLE types DROP COLUMN l1",
        "UPDATE types SET extra = 'changed' WHERE id = 1");
    await().atMost(Duration.ofSeconds(90)).until(direct::readsDirectly);
    server.executeIn(
        db,
        "BEGIN",
        "INSERT INTO types (id, extra, vc) VALUES (7, 'tx', 'a'), (8, 'tx', 'b'), (9, 'tx', 'c')",
        "UPDATE types SET vc = 'all' WHERE id >= 7",
        "DELETE FROM types WHERE id = 8",
        "COMMIT");
    direct.awaitPosition(end(directSide), Duration.ofSeconds(90));
    long directChanges = direct.directChanges();
    // A table the direct reader never decodes (cp1251 text): Debezium reads on for good.
    server.executeIn(db, "INSERT INTO legacy VALUES (2, 'two')", "UPDATE types SET vc = 'x'");
    await().atMost(Duration.ofSeconds(60)).until(() -> !direct.readsDirectly());
    direct.awaitPosition(end(directSide), Duration.ofSeconds(90));
    assertThat(direct.readsDirectly()).isFalse();
    direct.close();
    catchUp(debeziumSide, debeziumStore, false).close();

    assertThat(before).as("changes the direct reader stored before the DDL").isGreaterThan(5);
    assertThat(directChanges).as("changes the direct reader stored").isGreaterThan(before);
    Map<String, List<String>> expected = changes(debeziumStore, "a");
    assertThat(expected.keySet()).contains(db + "/types", db + "/other", db + "/legacy");
    assertThat(expected.get(db + "/types")).hasSizeGreaterThan(15);
    Map<String, List<String>> actual = changes(directStore, "b");
    for (Map.Entry<String, List<String>> table : expected.entrySet()) {
      assertThat(actual.get(table.getKey()))
          .as("changes of %s", table.getKey())
          .containsExactlyElementsOf(table.getValue());
    }
    assertThat(actual.keySet()).isEqualTo(expected.keySet());
  }

  /** Starts capture (a new process) and waits until it has every change the source has now. */
  private static Capture catchUp(CaptureFixture side, ObjectStore store, boolean direct)
      throws Exception {
    Capture capture = side.start(store, direct);
    capture.awaitPosition(end(side), Duration.ofSeconds(90));
    return capture;
  }

  private static BinlogPosition end(CaptureFixture side) {
    return new Preflight(side.source()).check().binlogEnd();
  }

  /**
   * Per table, every stored change in order: op, order key, commit time, values, and the column
   * types of the file that holds it.
   */
  private Map<String, List<String>> changes(ObjectStore store, String name) throws Exception {
    Map<String, TreeMap<String, String>> tables = new TreeMap<>();
    Path file = temp.resolve(name + ".parquet");
    for (String key : CaptureFixture.keys(store, ".parquet")) {
      try (InputStream in = store.open(key)) {
        Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
      }
      ChangeFile changeFile = ParquetChangeReader.readChangeFile(file, key);
      String table = changeFile.schema().table().toString().replace('.', '/');
      String shape = changeFile.schema().columns().toString();
      TreeMap<String, String> rows = tables.computeIfAbsent(table, t -> new TreeMap<>());
      // A snapshot row's time is when its side read it; a streamed row's is the commit's.
      boolean streamed = changeFile.kind() != ChangeFile.Kind.LOAD;
      ParquetChangeReader.readRows(
          file,
          (op, commit, orderKey, values) ->
              rows.put(
                  orderKey.value(),
                  op.code()
                      + (streamed ? " at " + commit : "")
                      + " "
                      + Arrays.deepToString(values)
                      + " in "
                      + shape));
    }
    Map<String, List<String>> changes = new TreeMap<>();
    tables.forEach(
        (table, rows) -> {
          List<String> list = new ArrayList<>();
          rows.forEach((key, row) -> list.add(key + " " + row));
          changes.put(table, list);
        });
    return changes;
  }
}
