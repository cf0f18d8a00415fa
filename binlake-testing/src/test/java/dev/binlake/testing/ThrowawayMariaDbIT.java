package dev.binlake.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.binlake.api.BinlakeException;
import dev.binlake.api.ErrorCode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ThrowawayMariaDbIT {
  private static ThrowawayMariaDb db;

  @BeforeAll
  static void startServer() {
    db = ThrowawayMariaDb.start();
  }

  @AfterAll
  static void stopServer() {
    db.close();
  }

  @Test
  void binlogIsRowWithFullImage() {
    assertThat(db.variable("log_bin")).isEqualTo("1");
    assertThat(db.variable("binlog_format")).isEqualTo("ROW");
    assertThat(db.variable("binlog_row_image")).isEqualTo("FULL");
    assertThat(db.variable("server_id")).isEqualTo("1");
  }

  @Test
  void listensOnItsOwnPortNotTheMachinesServer() {
    assertThat(db.port()).isNotEqualTo(3306).isPositive();
    assertThat(db.variable("port")).isEqualTo(Integer.toString(db.port()));
    assertThat(db.variable("datadir")).isEqualTo(db.dataDir() + "/");
    assertThat(db.jdbcUrl("shop")).isEqualTo("jdbc:mariadb://127.0.0.1:" + db.port() + "/shop");
  }

  @Test
  void rootConnectsOverTcpWithEmptyPassword() throws Exception {
    try (Connection connection =
            java.sql.DriverManager.getConnection(db.jdbcUrl(), db.rootUser(), "");
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT CURRENT_USER()")) {
      rows.next();
      assertThat(rows.getString(1)).isEqualTo("root@127.0.0.1");
    }
  }

  @Test
  void createsUniquelyNamedDatabases() throws Exception {
    String first = db.createDatabase("Orders-Test");
    String second = db.createDatabase("Orders-Test");
    db.executeIn(first, "CREATE TABLE t (id INT PRIMARY KEY)", "INSERT INTO t VALUES (42)");

    assertThat(first).startsWith("orders_test_").isNotEqualTo(second);
    try (Connection connection = db.connect(first);
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT id FROM t")) {
      rows.next();
      assertThat(rows.getInt(1)).isEqualTo(42);
    }
  }

  @Test
  void failingStatementNamesTheStatement() {
    assertThatThrownBy(() -> db.execute("SELECT * FROM no_such_db.t"))
        .isInstanceOf(BinlakeException.class)
        .hasMessageStartingWith("Cannot execute on throwaway MariaDB: ")
        .hasMessageEndingWith("(statement: SELECT * FROM no_such_db.t)");
  }

  @Test
  void twoServersRunAtOnceAndCloseRemovesTheFolder() {
    Path dataDir;
    try (ThrowawayMariaDb second = ThrowawayMariaDb.start()) {
      dataDir = second.dataDir();
      assertThat(second.port()).isNotEqualTo(db.port());
      second.execute("CREATE DATABASE only_on_second");
      assertThat(db.variable("port")).isEqualTo(Integer.toString(db.port()));
      assertThat(dataDir.resolve("only_on_second")).isDirectory();
      assertThat(db.dataDir().resolve("only_on_second")).doesNotExist();
    }
    assertThat(dataDir).doesNotExist();
    assertThat(dataDir.getParent()).doesNotExist();
  }

  @Test
  void restartKeepsDataAndPort() {
    try (ThrowawayMariaDb server = ThrowawayMariaDb.start()) {
      int port = server.port();
      String shop = server.createDatabase("shop");
      server.executeIn(shop, "CREATE TABLE t (id INT PRIMARY KEY)", "INSERT INTO t VALUES (1)");

      server.restart();

      assertThat(server.port()).isEqualTo(port);
      assertThat(server.isRunning()).isTrue();
      server.executeIn(shop, "INSERT INTO t VALUES (2)");
      assertThat(server.variable("binlog_format")).isEqualTo("ROW");
    }
  }

  @Test
  void stoppedServerRefusesConnectionsWithClearMessage() {
    try (ThrowawayMariaDb server = ThrowawayMariaDb.start()) {
      server.stop();

      assertThat(server.isRunning()).isFalse();
      assertThatThrownBy(server::connect)
          .isInstanceOf(BinlakeException.class)
          .hasMessageStartingWith(
              "Cannot connect to throwaway MariaDB at jdbc:mariadb://127.0.0.1:" + server.port())
          .hasMessageContaining("is it still running?")
          .extracting(e -> ((BinlakeException) e).code())
          .isEqualTo(ErrorCode.SOURCE_UNREACHABLE);
    }
  }

  @Test
  void startsMisconfiguredServersOnRequest() {
    try (ThrowawayMariaDb statement =
        ThrowawayMariaDb.builder()
            .serverArgs(
                "--binlog-format=STATEMENT",
                "--binlog-row-image=MINIMAL",
                "--default-time-zone=+02:00")
            .start()) {
      assertThat(statement.variable("binlog_format")).isEqualTo("STATEMENT");
      assertThat(statement.variable("binlog_row_image")).isEqualTo("MINIMAL");
      assertThat(statement.variable("time_zone")).isEqualTo("+02:00");
    }
    try (ThrowawayMariaDb noBinlog =
        ThrowawayMariaDb.builder().serverArgs("--skip-log-bin").start()) {
      assertThat(noBinlog.variable("log_bin")).isEqualTo("0");
    }
  }

  @Test
  void badServerOptionFailsWithTheErrorLog() {
    assertThatThrownBy(
            () -> ThrowawayMariaDb.builder().serverArgs("--no-such-option-at-all=1").start())
        .isInstanceOf(BinlakeException.class)
        .hasMessageStartingWith("Cannot start throwaway MariaDB (")
        .hasMessageContaining("the server exited or did not accept connections")
        .hasMessageContaining("unknown variable 'no-such-option-at-all=1'");
  }
}
