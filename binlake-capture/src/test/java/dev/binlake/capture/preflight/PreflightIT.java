package dev.binlake.capture.preflight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.binlake.api.BinlakeException;
import dev.binlake.api.ErrorCode;
import dev.binlake.capture.SourceSettings;
import dev.binlake.capture.TableFilter;
import dev.binlake.testing.ThrowawayMariaDb;
import dev.binlake.testing.junit.WithMariaDb;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each source misconfiguration fails preflight with a message that says what to change. */
@WithMariaDb
class PreflightIT {
  @Test
  void acceptsAWellConfiguredServerAndReportsItsBinlogEnd(ThrowawayMariaDb server) {
    SourceFacts facts = new Preflight(settings(server, "root", "", 5401)).check();
    assertThat(facts.flavor()).isEqualTo(SourceSettings.Flavor.MARIADB);
    assertThat(facts.binlogEnd().file()).startsWith("mariadb-bin.");
    assertThat(facts.binlogEnd().position()).isPositive();
  }

  @Test
  void refusesWrongPassword(ThrowawayMariaDb server) {
    assertThatThrownBy(() -> new Preflight(settings(server, "root", "wrong-secret", 5401)).check())
        .isInstanceOf(BinlakeException.class)
        .hasMessageContaining("access denied (check source.user and source.password")
        .hasMessageNotContaining("wrong-secret")
        .extracting(e -> ((BinlakeException) e).code())
        .isEqualTo(ErrorCode.SOURCE_ACCESS_DENIED);
  }

  @Test
  void refusesUnreachableHost() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    SourceSettings settings =
        new SourceSettings(
            "127.0.0.1",
            port,
            "root",
            "",
            5401,
            new TableFilter(List.of("%.%"), List.of()),
            SourceSettings.Flavor.AUTO,
            Duration.ofSeconds(2));
    assertThatThrownBy(() -> new Preflight(settings).check())
        .hasMessageContaining("Cannot connect to source 127.0.0.1:" + port)
        .hasMessageContaining("check source.host and source.port");
  }

  @Test
  void refusesMissingGrantsNamingThem(ThrowawayMariaDb server) {
    server.execute(
        "CREATE USER IF NOT EXISTS 'reader'@'127.0.0.1' IDENTIFIED BY 'pw'",
        "GRANT SELECT ON *.* TO 'reader'@'127.0.0.1'");
    assertThatThrownBy(() -> new Preflight(settings(server, "reader", "pw", 5401)).check())
        .hasMessageContaining("missing privileges [REPLICATION SLAVE, BINLOG MONITOR, RELOAD]")
        .hasMessageContaining("run: GRANT REPLICATION SLAVE, BINLOG MONITOR, RELOAD ON *.* TO");
  }

  @Test
  void refusesServerIdOfTheSourceItself(ThrowawayMariaDb server) {
    assertThatThrownBy(() -> new Preflight(settings(server, "root", "", 1)).check())
        .hasMessageContaining("source.server-id 1 is the source server's own server_id")
        .extracting(e -> ((BinlakeException) e).code())
        .isEqualTo(ErrorCode.SERVER_ID_CLASH);
  }

  @Test
  void refusesBinlogOffNotRowAndNotFull() {
    try (ThrowawayMariaDb off = ThrowawayMariaDb.builder().serverArgs("--skip-log-bin").start()) {
      assertThatThrownBy(() -> new Preflight(settings(off, "root", "", 5401)).check())
          .hasMessageContaining("binary logging is off (start the server with --log-bin");
    }
    try (ThrowawayMariaDb statement =
        ThrowawayMariaDb.builder().serverArgs("--binlog-format=STATEMENT").start()) {
      assertThatThrownBy(() -> new Preflight(settings(statement, "root", "", 5401)).check())
          .hasMessageContaining("binlog_format is STATEMENT (set binlog_format=ROW");
      statement.execute(
          "SET GLOBAL binlog_format = 'ROW'", "SET GLOBAL binlog_row_image = 'MINIMAL'");
      assertThatThrownBy(() -> new Preflight(settings(statement, "root", "", 5401)).check())
          .hasMessageContaining("binlog_row_image is MINIMAL (set binlog_row_image=FULL");
    }
  }

  private static SourceSettings settings(
      ThrowawayMariaDb server, String user, String password, long serverId) {
    return new SourceSettings(
        server.host(),
        server.port(),
        user,
        password,
        serverId,
        new TableFilter(List.of("%.%"), List.of()),
        SourceSettings.Flavor.AUTO,
        Duration.ofSeconds(5));
  }
}
