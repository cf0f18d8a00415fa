package dev.binlake.cli.crash;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A mixed workload on three tables whose every row change is also written, by triggers, to an audit
 * table that binlake does not capture: the independent record of what history must hold. A
 * primary-key update is audited as a delete plus an insert, as it arrives in the binlog.
 */
final class AuditedWorkload implements Runnable {
  static final String[] TABLES = {"t_orders", "t_items", "t_people"};

  private final Connection connection;
  private final Random random;
  private final AtomicBoolean stop = new AtomicBoolean();
  private final AtomicInteger transactions = new AtomicInteger();
  private volatile Exception failure;
  private long nextId = 1_000;

  AuditedWorkload(Connection connection, long seed) {
    this.connection = connection;
    this.random = new Random(seed);
  }

  static void createSchema(Connection connection) throws SQLException {
    try (Statement s = connection.createStatement()) {
      s.execute(
          "CREATE TABLE audit_log (seq BIGINT AUTO_INCREMENT PRIMARY KEY,"
              + " tbl VARCHAR(20) NOT NULL, op CHAR(1) NOT NULL, id BIGINT NOT NULL)");
      for (String table : TABLES) {
        s.execute(
            "CREATE TABLE "
                + table
                + " (id BIGINT PRIMARY KEY, v INT NOT NULL,"
                + " label VARCHAR(40), amount DECIMAL(12,3))");
        s.execute(
            "CREATE TRIGGER "
                + table
                + "_ai AFTER INSERT ON "
                + table
                + " FOR EACH ROW INSERT INTO audit_log (tbl, op, id) VALUES ('"
                + table
                + "', 'I', NEW.id)");
        s.execute(
            "CREATE TRIGGER "
                + table
                + "_ad AFTER DELETE ON "
                + table
                + " FOR EACH ROW INSERT INTO audit_log (tbl, op, id) VALUES ('"
                + table
                + "', 'D', OLD.id)");
        s.execute(
            "CREATE TRIGGER "
                + table
                + "_au AFTER UPDATE ON "
                + table
                + " FOR EACH ROW BEGIN IF OLD.id <> NEW.id THEN INSERT INTO audit_log (tbl, op, id)"
                + " VALUES ('"
                + table
                + "', 'D', OLD.id), ('"
                + table
                + "', 'I', NEW.id); ELSE"
                + " INSERT INTO audit_log (tbl, op, id) VALUES ('"
                + table
                + "', 'U', NEW.id);"
                + " END IF; END");
      }
    }
  }

  void seed(int rowsPerTable) throws SQLException {
    connection.setAutoCommit(false);
    for (String table : TABLES) {
      for (int i = 1; i <= rowsPerTable; i++) {
        exec(
            "INSERT INTO " + table + " VALUES (?, ?, ?, ?)",
            (long) i,
            i,
            "seed " + i,
            java.math.BigDecimal.valueOf(i, 3));
      }
    }
    connection.commit();
    connection.setAutoCommit(true);
  }

  /**
   * Seeds {@code rows} rows into {@code table} with one statement (MariaDB's sequence engine), and
   * lets the workload's new ids start after them, so updates and deletes hit the whole table.
   */
  void bulkSeed(String table, int rows) throws SQLException {
    try (Statement s = connection.createStatement()) {
      s.execute(
          "INSERT IGNORE INTO "
              + table
              + " SELECT seq, seq, CONCAT('seed ', seq), seq / 1000 FROM seq_1_to_"
              + rows);
    }
    nextId = Math.max(nextId, rows + 1L);
  }

  @Override
  public void run() {
    try {
      while (!stop.get()) {
        step();
        Thread.sleep(4); // pacing: a steady few hundred transactions per second, not a flood
      }
    } catch (Exception e) {
      failure = e;
    }
  }

  void stop() throws Exception {
    stop.set(true);
  }

  Exception failure() {
    return failure;
  }

  int transactions() {
    return transactions.get();
  }

  private void step() throws SQLException {
    connection.setAutoCommit(false);
    int statements = 1 + random.nextInt(4);
    for (int i = 0; i < statements; i++) {
      String table = TABLES[random.nextInt(TABLES.length)];
      int kind = random.nextInt(20);
      long id = 1 + random.nextInt((int) nextId);
      if (kind < 8) {
        exec(
            "INSERT IGNORE INTO " + table + " VALUES (?, ?, ?, ?)",
            nextId++,
            kind,
            "row " + nextId,
            java.math.BigDecimal.valueOf(random.nextInt(1_000_000), 3));
      } else if (kind < 15) {
        exec("UPDATE " + table + " SET v = v + 1, label = ? WHERE id = ?", "upd " + kind, id);
      } else if (kind < 18) {
        exec("DELETE FROM " + table + " WHERE id = ?", id);
      } else if (kind < 19) {
        exec("UPDATE " + table + " SET v = v + 1 WHERE id BETWEEN ? AND ?", id, id + 5);
      } else {
        exec("UPDATE IGNORE " + table + " SET id = ? WHERE id = ?", nextId++ + 1_000_000, id);
      }
    }
    connection.commit();
    connection.setAutoCommit(true);
    transactions.incrementAndGet();
  }

  private void exec(String sql, Object... args) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        statement.setObject(i + 1, args[i]);
      }
      statement.executeUpdate();
    }
  }
}
