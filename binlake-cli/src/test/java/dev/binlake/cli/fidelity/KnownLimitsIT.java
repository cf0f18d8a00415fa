package dev.binlake.cli.fidelity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.binlake.testing.ThrowawayMariaDb;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Values that Debezium 3.5 delivers wrong, pinned so that a fix shows up, and proof that {@code
 * validate} catches them: a FLOAT read by the snapshot keeps only the 6 significant digits of
 * MariaDB's text protocol; a MariaDB UUID ending in a zero byte arrives from the binlog shifted by
 * one byte (the binlog drops trailing zero bytes and Debezium pads on the wrong side).
 */
class KnownLimitsIT {
  @TempDir Path dir;

  @Test
  void validateFindsSnapshotFloatsAndZeroEndingUuids() throws Exception {
    ThrowawayMariaDb server = FidelityServer.get();
    String db = server.createDatabase("limits");
    server.executeIn(
        db,
        "CREATE TABLE t (id INT PRIMARY KEY, f FLOAT, u UUID)",
        "INSERT INTO t VALUES (1, 3.4028234e38, 'ffffffff-ffff-ffff-ffff-ffffffffffff')");
    Lake lake = Lake.create(server, db, dir);
    lake.runOnce();
    server.executeIn(
        db,
        "INSERT INTO t VALUES (2, 0.5, '123e4567-e89b-12d3-a456-426614174000')",
        "INSERT INTO t VALUES (3, 3.4028234e38, '123e4567-e89b-12d3-a456-426614174001')");
    lake.runOnce();

    Lake.Output output = lake.validate();

    assertThat(output.out())
        .as(output.err())
        .contains(
            db
                + ".t: DIFFERENT: 2 keys differ\n"
                + "  id=1: values differ in [f]\n"
                + "  id=2: values differ in [u]\n");
    assertThat(output.code()).isEqualTo(1);
    assertThat(lake.lines("SELECT id, f, u FROM \"" + db + "\".t ORDER BY id"))
        .containsExactly(
            "1 | 3.40282E38 | ffffffff-ffff-ffff-ffff-ffffffffffff",
            "2 | 0.5 | 00123e45-67e8-9b12-d3a4-564266141740",
            "3 | 3.4028235E38 | 123e4567-e89b-12d3-a456-426614174001");
  }
}
