package dev.binlake.cli.fidelity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.binlake.cli.crash.ChildRun;
import dev.binlake.testing.ThrowawayMariaDb;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code binlake validate} on a table of a million rows (about 250 MB of row data) in a JVM with a
 * 64 MB heap: it compares range checksums computed by each database and narrows only differing
 * ranges, so nothing like the table passes through the JVM. One row altered in the warehouse is
 * found by its key.
 */
class ValidateScaleIT {
  private static final int ROWS = 1_000_000;

  @TempDir Path dir;

  @Test
  void findsOneAlteredRowInAMillionWithA64MegabyteHeap() throws Exception {
    ThrowawayMariaDb server = FidelityServer.get();
    String db = server.createDatabase("scale");
    server.executeIn(
        db,
        "CREATE TABLE big (id BIGINT PRIMARY KEY, name VARCHAR(60), amount DECIMAL(12,2),"
            + " payload VARCHAR(200))",
        "INSERT INTO big SELECT seq, CONCAT('name ', seq), seq / 100, REPEAT(CHAR(65 + seq % 26),"
            + " 200) FROM seq_1_to_"
            + ROWS);
    Lake lake = Lake.create(server, db, dir);
    lake.runOnce();
    assertThat(lake.lines("SELECT count(*) FROM \"" + db + "\".big"))
        .containsExactly(Integer.toString(ROWS));
    lake.query("UPDATE \"" + db + "\".big_history SET name = 'altered' WHERE id = 654321");

    Path log = dir.resolve("validate.log");
    Process validate =
        ChildRun.start(
            log,
            Map.of(),
            List.of("-Xmx64m", "-XX:+ExitOnOutOfMemoryError"),
            "validate",
            "--config",
            lake.config().toString());
    assertThat(validate.waitFor(5, TimeUnit.MINUTES)).isTrue();
    String output = Files.readString(log);

    assertThat(output)
        .contains(db + ".big: DIFFERENT: 1 keys differ")
        .contains("  id=654321: values differ in [name]");
    assertThat(validate.exitValue()).as(output).isEqualTo(1);
  }
}
