package dev.binlake.bench;

import dev.binlake.testing.ThrowawayMariaDb;
import java.util.ArrayList;
import java.util.List;

/** The data each benchmark runs on, generated with MariaDB's sequence engine (seq_1_to_N). */
final class Workload {
  static final String DRAIN_DB = "bench_drain";
  static final String SNAP_DB = "bench_snap";
  static final String FRESH_DB = "bench_fresh";
  static final int DRAIN_TABLES = 4;
  private static final int CHUNK = 1000;

  private Workload() {}

  /** Four tables with one seed row each (so the priming snapshot stores a file). */
  static void createDrainTables(ThrowawayMariaDb db) {
    db.execute("CREATE DATABASE " + DRAIN_DB);
    for (int t = 1; t <= DRAIN_TABLES; t++) {
      db.executeIn(
          DRAIN_DB,
          "CREATE TABLE t"
              + t
              + " (id BIGINT PRIMARY KEY, a INT NOT NULL,"
              + " b VARCHAR(64), c DECIMAL(12,2), d DATETIME(6))",
          "INSERT INTO t" + t + " VALUES (0, 0, 'seed', 0, NOW(6))");
    }
  }

  /**
   * Exactly {@code rows} row events over the four tables: per table 60% inserts, then 25% updates
   * and 15% deletes, in transactions of 1,000 rows. Returns the row events written.
   */
  static long fillDrain(ThrowawayMariaDb db, long rows) {
    long written = 0;
    for (int t = 1; t <= DRAIN_TABLES; t++) {
      long n = rows / DRAIN_TABLES + (t <= rows % DRAIN_TABLES ? 1 : 0);
      long inserts = Math.round(n * 0.60);
      long updates = Math.round(n * 0.25);
      long deletes = n - inserts - updates;
      String table = DRAIN_DB + ".t" + t;
      List<String> sql = new ArrayList<>();
      for (long from = 1; from <= inserts; from += CHUNK) {
        long to = Math.min(inserts, from + CHUNK - 1);
        sql.add(
            "INSERT INTO "
                + table
                + " SELECT seq, seq % 1000, CONCAT('row-', seq, '-', "
                + "MD5(seq)), seq / 100, NOW(6) FROM seq_"
                + from
                + "_to_"
                + to);
      }
      for (long from = 1; from <= updates; from += CHUNK) {
        long to = Math.min(updates, from + CHUNK - 1);
        sql.add(
            "UPDATE "
                + table
                + " SET a = a + 1, d = NOW(6) WHERE id BETWEEN "
                + from
                + " AND "
                + to);
      }
      for (long from = inserts - deletes + 1; from <= inserts; from += CHUNK) {
        long to = Math.min(inserts, from + CHUNK - 1);
        sql.add("DELETE FROM " + table + " WHERE id BETWEEN " + from + " AND " + to);
      }
      db.executeIn(DRAIN_DB, sql.toArray(String[]::new));
      written += inserts + updates + deletes;
    }
    return written;
  }

  /** A table of {@code rows} rows with 10 mixed columns. */
  static void createSnapshotTable(ThrowawayMariaDb db, long rows) {
    db.execute("CREATE DATABASE " + SNAP_DB);
    db.executeIn(
        SNAP_DB,
        "CREATE TABLE wide (id BIGINT PRIMARY KEY, qty INT NOT NULL,"
            + " amount DECIMAL(12,2), ratio DOUBLE, name VARCHAR(64), code CHAR(8),"
            + " created DATETIME(6), day DATE, active BOOLEAN, notes TEXT)");
    List<String> sql = new ArrayList<>();
    long chunk = 50_000;
    for (long from = 1; from <= rows; from += chunk) {
      long to = Math.min(rows, from + chunk - 1);
      sql.add(
          "INSERT INTO "
              + SNAP_DB
              + ".wide SELECT seq, seq % 9973, seq * 1.25,"
              + " seq / 7.0, CONCAT('customer ', seq), LPAD(HEX(seq % 65536), 8, '0'),"
              + " TIMESTAMP'2024-01-01 00:00:00' + INTERVAL seq SECOND,"
              + " DATE'2020-01-01' + INTERVAL (seq % 2000) DAY, seq % 2 = 0,"
              + " IF(seq % 10 = 0, NULL, REPEAT('note ', 1 + seq % 12)) FROM seq_"
              + from
              + "_to_"
              + to);
    }
    db.executeIn(SNAP_DB, sql.toArray(String[]::new));
  }

  /** The freshness table; one seed row so the initial snapshot creates the view. */
  static void createFreshTable(ThrowawayMariaDb db) {
    db.execute("CREATE DATABASE " + FRESH_DB);
    db.executeIn(
        FRESH_DB,
        "CREATE TABLE t (id BIGINT AUTO_INCREMENT PRIMARY KEY,"
            + " v INT NOT NULL, ts_us BIGINT NOT NULL)",
        "INSERT INTO t (v, ts_us) VALUES (0, 0)");
  }

  /** One mariadb-slap cycle: 4 autocommit transactions (2 inserts, an update, a delete). */
  static String slapCycle(double sleepSeconds) {
    String now = "CAST(UNIX_TIMESTAMP(NOW(6)) * 1000000 AS SIGNED)";
    return "INSERT INTO "
        + FRESH_DB
        + ".t (v, ts_us) VALUES (1, "
        + now
        + ");"
        + "UPDATE "
        + FRESH_DB
        + ".t SET v = v + 1, ts_us = "
        + now
        + " WHERE id = LAST_INSERT_ID();"
        + "INSERT INTO "
        + FRESH_DB
        + ".t (v, ts_us) VALUES (2, "
        + now
        + ");"
        + "DELETE FROM "
        + FRESH_DB
        + ".t WHERE id = LAST_INSERT_ID();"
        + String.format(java.util.Locale.ROOT, "DO SLEEP(%.4f)", sleepSeconds);
  }
}
