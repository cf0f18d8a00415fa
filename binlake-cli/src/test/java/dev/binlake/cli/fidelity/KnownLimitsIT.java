package dev.binlake.cli.fidelity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.binlake.cli.CliOutput;
import dev.binlake.testing.ThrowawayMariaDb;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Values that Debezium 3.5 used to deliver wrong, kept as the proof that they now arrive exactly: a
 * FLOAT read by a snapshot kept only the 6 significant digits of MariaDB's text protocol (the
 * chunked snapshot's prepared statements now run server-side, whose binary rows carry the float's
 * bits; the blocking snapshot of a table without a primary key reads FLOATs as DOUBLE); a MariaDB
 * UUID ending in a zero byte arrived from the binlog shifted by one byte (the binlog drops trailing
 * zero bytes and Debezium padded on the wrong side; capture's UuidConverter pads on the right).
 * {@code validate} compares every value.
 */
class KnownLimitsIT {
  @TempDir Path dir;

  @Test
  void snapshotFloatsAndUuidsArriveExactly() throws Exception {
    ThrowawayMariaDb server = FidelityServer.get();
    String db = server.createDatabase("limits");
    server.executeIn(
        db,
        "CREATE TABLE t (id INT PRIMARY KEY, f FLOAT, u UUID)",
        "CREATE TABLE keyless (f FLOAT)",
        "INSERT INTO keyless VALUES (3.4028234e38)",
        "INSERT INTO t VALUES (1, 3.4028234e38, 'ffffffff-ffff-ffff-ffff-ffffffffffff')");
    Lake lake = Lake.create(server, db, dir);
    lake.runOnce();
    server.executeIn(
        db,
        "INSERT INTO t VALUES (2, 0.5, '123e4567-e89b-12d3-a456-426614174000')",
        "INSERT INTO t VALUES (3, 3.4028234e38, '123e4567-e89b-12d3-a456-426614174001')");
    lake.runOnce();

    CliOutput output = lake.validate();

    assertThat(output.out()).as(output.err()).contains(db + ".t: equal (3 rows)");
    assertThat(output.code()).isZero();
    assertThat(lake.lines("SELECT id, f, u FROM \"" + db + "\".t ORDER BY id"))
        .containsExactly(
            "1 | 3.4028235E38 | ffffffff-ffff-ffff-ffff-ffffffffffff",
            "2 | 0.5 | 123e4567-e89b-12d3-a456-426614174000",
            "3 | 3.4028235E38 | 123e4567-e89b-12d3-a456-426614174001");
    // A table without a primary key is read by Debezium's blocking snapshot, whose plain
    // statements get text rows (6 significant digits for a FLOAT): its SELECT reads FLOATs as
    // DOUBLE.
    assertThat(lake.lines("SELECT f FROM \"" + db + "\".keyless_history"))
        .containsExactly("3.4028235E38");
  }
}
