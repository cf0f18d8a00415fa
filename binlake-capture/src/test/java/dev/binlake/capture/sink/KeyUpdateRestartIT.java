package dev.binlake.capture.sink;

import static dev.binlake.capture.sink.CaptureFixture.keys;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import dev.binlake.capture.Capture;
import dev.binlake.capture.preflight.Preflight;
import dev.binlake.files.RollingPolicy;
import dev.binlake.testing.ThrowawayMariaDb;
import dev.binlake.testing.junit.WithMariaDb;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A crash between the two halves of a primary-key update, on the real Debezium engine: the delete
 * half's file is stored, the insert half waits in an open file, another table's file is stored
 * (which writes a checkpoint), and then capture dies before the insert half's file is stored. The
 * restart must deliver the insert half again and repeat nothing. Debezium's offsets of the two
 * halves differ (transaction event counters) but both say "after this row", so a checkpoint at the
 * delete half's offset loses the insert — which the kill campaign once caught.
 */
@WithMariaDb
class KeyUpdateRestartIT {
  private static final long MIN_FILE_SIZE = 64 << 10;

  @TempDir Path temp;

  @Test
  void crashBetweenTheHalvesOfAKeyUpdateLosesNothing(ThrowawayMariaDb server) throws Exception {
    String db = server.createDatabase("pkcrash");
    String big = "REPEAT('x', 200000)";
    server.executeIn(
        db,
        "CREATE TABLE a (id BIGINT PRIMARY KEY, note LONGTEXT)",
        "CREATE TABLE b (id BIGINT PRIMARY KEY, note LONGTEXT)",
        "INSERT INTO a VALUES (1, " + big + ")",
        "INSERT INTO b VALUES (1, 'seed')");
    CaptureFixture fixture =
        new CaptureFixture(
            server,
            db,
            5411,
            temp.resolve("state"),
            new RollingPolicy(Duration.ofSeconds(60), MIN_FILE_SIZE));
    CrashingStore store = new CrashingStore();

    // First run: the snapshot, then the transaction, then a crash once b's change is stored.
    Capture first = fixture.start(store);
    await().atMost(Duration.ofSeconds(60)).until(() -> keys(store, "/b/").size() == 1);
    try (Connection connection = server.connect(db);
        Statement statement = connection.createStatement()) {
      connection.setAutoCommit(false);
      // The delete half holds the big old row (its file is stored at once), the insert half a
      // small row (its file stays open); b's big insert is stored and writes a checkpoint.
      statement.execute("UPDATE a SET id = 2, note = 'moved' WHERE id = 1");
      statement.execute("INSERT INTO b VALUES (2, " + big + ")");
      connection.commit();
    }
    await().atMost(Duration.ofSeconds(60)).until(() -> keys(store, "/b/").size() == 2);
    store.crash.set(true); // nothing more gets stored: the insert half's file is lost
    catchThrowable(first::close);
    assertThat(keys(store, "/a/")).as("a's files before the crash").hasSize(2);

    // Second run: resume from the checkpoint and catch up.
    store.crash.set(false);
    Capture second = fixture.start(store);
    second.awaitPosition(
        new Preflight(fixture.source()).check().binlogEnd(), Duration.ofSeconds(60));
    second.close();

    // In order: a's snapshot row, then the key update's delete and insert halves, each once.
    assertThat(rows(store, "/a/")).containsExactly("I 1", "D 1", "I 2");
    assertThat(rows(store, "/b/")).containsExactly("I 1", "I 2");
  }

  /** Every change stored for a table ({@code /t/} in the key), in order: op code and id. */
  private List<String> rows(CrashingStore store, String table) throws Exception {
    return CaptureFixture.rows(store, table, temp).stream()
        .sorted(java.util.Comparator.comparing(r -> r.orderKey().value()))
        .map(r -> r.op().code() + " " + r.id())
        .toList();
  }
}
