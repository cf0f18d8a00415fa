package dev.binlake.cli.fidelity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.binlake.api.TableId;
import dev.binlake.cli.CliOutput;
import dev.binlake.cli.validate.Unrepresentable;
import dev.binlake.cli.validate.UnrepresentableCount;
import dev.binlake.testing.ThrowawayMariaDb;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Zero dates in NOT NULL DATE and DATETIME columns — the legacy {@code NOT NULL DEFAULT
 * '0000-00-00'} pattern — land as NULL and are counted as not representable, through the snapshot
 * and the binlog, instead of the column default or 1970-01-01 that Debezium substitutes. Real dates
 * in the same columns, the epoch itself included, arrive exactly.
 */
class ZeroDatesIT {
  private static final String TABLE =
      "CREATE TABLE z (id INT PRIMARY KEY,"
          + " d DATE NOT NULL DEFAULT '2000-01-01',"
          + " dt DATETIME NOT NULL DEFAULT '0000-00-00 00:00:00',"
          + " dt3 DATETIME(3) NOT NULL, dt6 DATETIME(6) NOT NULL)";

  @TempDir Path dir;

  @Test
  void zeroDatesInNotNullColumnsAreNullAndCounted() throws Exception {
    ThrowawayMariaDb server = FidelityServer.get();
    String db = server.createDatabase("zero");
    server.executeIn(db, "SET SESSION sql_mode = ''", TABLE, zeros(1), epoch(2), ordinary(3));
    Lake lake = Lake.create(server, db, dir);
    lake.runOnce();

    server.executeIn(
        db,
        "SET SESSION sql_mode = ''",
        zeros(11),
        epoch(12),
        ordinary(13),
        "UPDATE z SET d = '2024-00-10', dt6 = '0000-00-00 00:00:00' WHERE id = 3");
    lake.runOnce();

    String z = "\"" + db + "\".z";
    assertThat(
            lake.lines(
                "SELECT id, d, CAST(dt AS VARCHAR), CAST(dt3 AS VARCHAR), CAST(dt6 AS VARCHAR)"
                    + " FROM "
                    + z
                    + " ORDER BY id"))
        .containsExactly(
            "1 | null | null | null | null",
            "2 | 1970-01-01 | 1970-01-01 00:00:00 | 1970-01-01 00:00:00 | 1970-01-01 00:00:00",
            "3 | null | 2024-02-29 12:34:56 | 2024-02-29 12:34:56.789 | null",
            "11 | null | null | null | null",
            "12 | 1970-01-01 | 1970-01-01 00:00:00 | 1970-01-01 00:00:00 | 1970-01-01 00:00:00",
            "13 | 2024-02-29 | 2024-02-29 12:34:56 | 2024-02-29 12:34:56.789"
                + " | 2024-02-29 12:34:56.789012");
    assertThat(
            lake.lines(
                "SELECT id, binlake_unrepresentable FROM "
                    + "\""
                    + db
                    + "\".z_history WHERE binlake_unrepresentable IS NOT NULL ORDER BY id"))
        .containsExactly("1 | d,dt,dt3,dt6", "3 | d,dt6", "11 | d,dt,dt3,dt6");
    TableId table = new TableId(db, "z");
    assertThat(Unrepresentable.counts(lake::query))
        .containsExactly(
            new UnrepresentableCount(table, "d", 3),
            new UnrepresentableCount(table, "dt", 2),
            new UnrepresentableCount(table, "dt3", 2),
            new UnrepresentableCount(table, "dt6", 3));

    CliOutput validate = lake.validate();
    assertThat(validate.out()).as(validate.err()).contains(db + ".z: equal (6 rows)");
    assertThat(validate.code()).isZero();
  }

  private static String zeros(int id) {
    return "INSERT INTO z VALUES ("
        + id
        + ", '0000-00-00', '0000-00-00 00:00:00', '0000-00-00 00:00:00.000',"
        + " '0000-00-00 00:00:00.000000')";
  }

  private static String epoch(int id) {
    return "INSERT INTO z VALUES ("
        + id
        + ", '1970-01-01', '1970-01-01 00:00:00', '1970-01-01 00:00:00.000',"
        + " '1970-01-01 00:00:00.000000')";
  }

  private static String ordinary(int id) {
    return "INSERT INTO z VALUES ("
        + id
        + ", '2024-02-29', '2024-02-29 12:34:56', '2024-02-29 12:34:56.789',"
        + " '2024-02-29 12:34:56.789012')";
  }
}
