package dev.binlake.cli.demo;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Random;

/**
 * A small shop schema and a mixed insert/update/delete workload in the spirit of mysqlslap: single
 * statements, multi-statement transactions that touch one row several times, and primary key
 * updates.
 */
public final class ShopWorkload {
  private final Connection connection;
  private final Random random;
  private long nextOrder = 1;
  private int transactions;

  public ShopWorkload(Connection connection, long seed) {
    this.connection = connection;
    this.random = new Random(seed);
  }

  public static void createSchema(Connection connection, String database) throws SQLException {
    try (Statement s = connection.createStatement()) {
      s.execute("CREATE DATABASE " + database);
      s.execute("USE " + database);
      s.execute(
          "CREATE TABLE customers (id INT PRIMARY KEY, name VARCHAR(100) NOT NULL,"
              + " email VARCHAR(200), balance DECIMAL(12,2) NOT NULL DEFAULT 0,"
              + " created_at DATETIME(6) NOT NULL)");
      s.execute(
          "CREATE TABLE products (sku VARCHAR(20) PRIMARY KEY, title VARCHAR(200) NOT NULL,"
              + " price DECIMAL(10,2) NOT NULL, stock INT UNSIGNED NOT NULL)");
      s.execute(
          "CREATE TABLE orders (id BIGINT PRIMARY KEY, customer_id INT NOT NULL,"
              + " sku VARCHAR(20) NOT NULL, qty SMALLINT NOT NULL,"
              + " status ENUM('new','paid','shipped','cancelled') NOT NULL,"
              + " note TEXT, updated_at TIMESTAMP(3) NOT NULL)");
    }
  }

  /** Rows that exist before replication starts: they arrive through the snapshot. */
  public void seed(int customers, int products, int orders) throws SQLException {
    connection.setAutoCommit(false);
    try (PreparedStatement c =
            connection.prepareStatement("INSERT INTO customers VALUES (?, ?, ?, ?, NOW(6))");
        PreparedStatement p =
            connection.prepareStatement("INSERT INTO products VALUES (?,?,?,?)")) {
      for (int i = 1; i <= customers; i++) {
        c.setInt(1, i);
        c.setString(2, "Customer " + i + (i % 7 == 0 ? " 😀" : ""));
        c.setString(3, i % 5 == 0 ? null : "c" + i + "@example.com");
        c.setBigDecimal(4, java.math.BigDecimal.valueOf(random.nextInt(100_000), 2));
        c.addBatch();
      }
      c.executeBatch();
      for (int i = 1; i <= products; i++) {
        p.setString(1, "SKU-" + i);
        p.setString(2, "Product " + i);
        p.setBigDecimal(3, java.math.BigDecimal.valueOf(100 + random.nextInt(10_000), 2));
        p.setLong(4, random.nextInt(1000));
        p.addBatch();
      }
      p.executeBatch();
    }
    connection.commit();
    for (int i = 0; i < orders; i++) {
      insertOrder();
    }
    connection.commit();
    connection.setAutoCommit(true);
  }

  /** One transaction of the mixed workload. */
  public void step() throws SQLException {
    connection.setAutoCommit(false);
    int kind = random.nextInt(10);
    if (kind < 4) {
      insertOrder();
    } else if (kind < 7) {
      update(
          "UPDATE orders SET status = ?, updated_at = NOW(3) WHERE id = ?",
          pick("paid", "shipped", "cancelled"),
          randomOrder());
    } else if (kind < 8) {
      update("DELETE FROM orders WHERE id = ?", randomOrder());
    } else if (kind < 9) {
      long id = randomOrder();
      // One row changed several times in one transaction: commit timestamps tie.
      update("UPDATE orders SET qty = qty + 1 WHERE id = ?", id);
      update("UPDATE orders SET qty = qty + 1, note = 'twice' WHERE id = ?", id);
      update("UPDATE customers SET balance = balance + 1 WHERE id = ?", 1 + random.nextInt(50));
    } else {
      // A primary-key update: the old key must disappear from the latest view.
      update("UPDATE orders SET id = ? WHERE id = ?", nextOrder++ + 1_000_000, randomOrder());
    }
    connection.commit();
    connection.setAutoCommit(true);
    transactions++;
  }

  public int transactions() {
    return transactions;
  }

  private void insertOrder() throws SQLException {
    update(
        "INSERT INTO orders VALUES (?, ?, ?, ?, 'new', NULL, NOW(3))",
        nextOrder++,
        1 + random.nextInt(50),
        "SKU-" + (1 + random.nextInt(20)),
        1 + random.nextInt(5));
  }

  private long randomOrder() {
    return 1 + (long) random.nextInt((int) Math.max(1, nextOrder - 1));
  }

  private String pick(String... values) {
    return values[random.nextInt(values.length)];
  }

  private void update(String sql, Object... args) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        statement.setObject(i + 1, args[i]);
      }
      statement.executeUpdate();
    }
  }
}
