package dev.binlake.capture.snapshot;

import dev.binlake.api.TableId;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per-table snapshot progress for people: rows read (this run and stored before), the server's
 * estimate, and the rate. One INFO line per table at most every {@link #INTERVAL}, and one when a
 * table's snapshot rows are stored.
 */
public final class SnapshotProgress {
  private static final Logger LOG = LoggerFactory.getLogger(SnapshotProgress.class);
  static final Duration INTERVAL = Duration.ofSeconds(5);

  private final Map<TableId, Table> tables = new TreeMap<>();
  private Map<TableId, Long> estimates = Map.of();

  private static final class Table {
    long storedBefore;
    long readThisRun;
    Instant firstReadAt;
    Instant loggedAt = Instant.EPOCH;
    long loggedRows = -1;
  }

  public synchronized void estimates(Map<TableId, Long> estimatedRows) {
    this.estimates = Map.copyOf(estimatedRows);
  }

  /** Rows stored by earlier runs (from the checkpoint). */
  public synchronized void storedBefore(Map<TableId, Long> rows) {
    rows.forEach((table, count) -> table(table).storedBefore = count);
  }

  public synchronized void read(TableId table, Instant now) {
    Table t = table(table);
    if (t.firstReadAt == null) {
      t.firstReadAt = now;
      if (t.storedBefore > 0) {
        LOG.info(
            "Snapshot of {} resumes after {} rows stored before (~{} rows in the table)",
            table,
            t.storedBefore,
            estimates.getOrDefault(table, 0L));
      }
    }
    t.readThisRun++;
  }

  /** Logs a line for each table that moved since its last line, if its interval passed. */
  public synchronized void log(Instant now, boolean force) {
    tables.forEach(
        (table, t) -> {
          long done = t.storedBefore + t.readThisRun;
          if (t.firstReadAt == null || done == t.loggedRows) {
            return;
          }
          if (!force && Duration.between(t.loggedAt, now).compareTo(INTERVAL) < 0) {
            return;
          }
          long estimate = Math.max(estimates.getOrDefault(table, 0L), done);
          double seconds = Math.max(0.001, Duration.between(t.firstReadAt, now).toMillis() / 1e3);
          LOG.info(
              "Snapshot of {}: {} of ~{} rows ({}%), {} rows/s",
              table,
              done,
              estimate,
              estimate == 0 ? 100 : done * 100 / estimate,
              Math.round(t.readThisRun / seconds));
          t.loggedAt = now;
          t.loggedRows = done;
        });
  }

  /** Rows read so far per table (stored before plus read in this run). */
  public synchronized Map<TableId, Long> rowsDone() {
    Map<TableId, Long> done = new TreeMap<>();
    tables.forEach((table, t) -> done.put(table, t.storedBefore + t.readThisRun));
    return done;
  }

  private Table table(TableId table) {
    return tables.computeIfAbsent(table, ignored -> new Table());
  }
}
