package dev.binlake.cli.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.binlake.cli.CliOutput;
import dev.binlake.testing.TestCertificates;
import dev.binlake.testing.ThrowawayMariaDb;
import dev.binlake.warehouse.duckdb.DuckDbWarehouse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS to the source: a server with a certificate made at test time and a user created {@code
 * REQUIRE SSL}, so every connection binlake opens (preflight, Debezium's snapshot connection, the
 * binlog stream, validate) must be encrypted. Captures with required, verify-ca and
 * verify-identity; without TLS, or trusting the wrong CA, it stops with a message that says what to
 * configure and writes nothing.
 */
class SourceTlsIT {
  @TempDir static Path certificates;
  @TempDir Path dir;
  private static ThrowawayMariaDb server;
  private static TestCertificates good;
  private static TestCertificates other;

  @BeforeAll
  static void startServerWithTls() {
    good = TestCertificates.create(certificates.resolve("good"), "binlake-test-server");
    other = TestCertificates.create(certificates.resolve("other"), "binlake-test-server");
    server = ThrowawayMariaDb.builder().tls(good).start();
    server.execute(
        "CREATE USER 'tls_user'@'127.0.0.1' IDENTIFIED BY 'pw' REQUIRE SSL",
        "GRANT SELECT, RELOAD, REPLICATION SLAVE, BINLOG MONITOR ON *.* TO"
            + " 'tls_user'@'127.0.0.1'");
  }

  @AfterAll
  static void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void capturesSnapshotAndBinlogOverTlsAndValidates() throws Exception {
    String db = server.createDatabase("tls");
    server.executeIn(
        db, "CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(10))", "INSERT INTO t VALUES (1, 'a')");
    Path config = write(db, 7821, "    mode: required\n");
    CliOutput first = CliOutput.run("run", "--config", config.toString(), "--once");
    assertThat(first.code()).as(first.err()).isZero();

    server.executeIn(db, "INSERT INTO t VALUES (2, 'b')", "UPDATE t SET v = 'c' WHERE id = 1");
    Files.writeString(
        config,
        Files.readString(config)
            .replace(
                "    mode: required\n",
                "    mode: verify-ca\n    ca-file: " + good.caCertificate() + "\n"));
    CliOutput second = CliOutput.run("run", "--config", config.toString(), "--once");
    assertThat(second.code()).as(second.err()).isZero();

    server.executeIn(db, "DELETE FROM t WHERE id = 2");
    Files.writeString(
        config, Files.readString(config).replace("mode: verify-ca", "mode: verify-identity"));
    CliOutput third = CliOutput.run("run", "--config", config.toString(), "--once");
    assertThat(third.code()).as(third.err()).isZero();

    try (DuckDbWarehouse warehouse = DuckDbWarehouse.open(dir.resolve("lake.duckdb"))) {
      assertThat(
              warehouse
                  .query("SELECT Op, id, v FROM \"" + db + "\".t_history ORDER BY binlake_order")
                  .rows()
                  .stream()
                  .map(Object::toString)
                  .toList())
          .containsExactly("[I, 1, a]", "[I, 2, b]", "[U, 1, c]", "[D, 2, b]");
    }
    CliOutput validate = CliOutput.run("validate", "--config", config.toString());
    assertThat(validate.out()).as(validate.err()).contains(db + ".t: equal (1 rows)");
    assertThat(validate.code()).isZero();
  }

  @Test
  void withoutTlsSaysTheServerRequiresItAndHowToConfigureIt() throws Exception {
    String db = server.createDatabase("notls");
    server.executeIn(db, "CREATE TABLE t (id INT PRIMARY KEY)", "INSERT INTO t VALUES (1)");
    CliOutput output =
        CliOutput.run(
            "run", "--config", write(db, 7822, "    mode: disabled\n").toString(), "--once");
    assertThat(output.err())
        .contains("the server requires TLS for this user")
        .contains("set source.tls.mode: verify-ca and source.tls.ca-file:");
    assertThat(output.code()).isEqualTo(3);
    assertNothingWritten();
  }

  @Test
  void verifyCaWithTheWrongCaFailsClearly() throws Exception {
    String db = server.createDatabase("wrongca");
    server.executeIn(db, "CREATE TABLE t (id INT PRIMARY KEY)", "INSERT INTO t VALUES (1)");
    Path config =
        write(db, 7823, "    mode: verify-ca\n    ca-file: " + other.caCertificate() + "\n");
    CliOutput output = CliOutput.run("run", "--config", config.toString(), "--once");
    assertThat(output.err())
        .contains("with TLS: the server's certificate is not trusted")
        .contains("set source.tls.ca-file to the PEM certificate of the CA that signed it");
    assertThat(output.code()).isEqualTo(3);
    assertNothingWritten();
  }

  private void assertNothingWritten() throws Exception {
    try (Stream<Path> files = Files.walk(dir)) {
      assertThat(files.filter(f -> f.toString().endsWith(".parquet")).toList()).isEmpty();
    }
  }

  private Path write(String db, int serverId, String tls) throws Exception {
    Path file = dir.resolve("binlake.yaml");
    Files.writeString(
        file,
        String.join(
            "\n",
            "source:",
            "  host: 127.0.0.1",
            "  port: " + server.port(),
            "  user: tls_user",
            "  password: pw",
            "  server-id: " + serverId,
            "  connect-timeout: 10s",
            "  include: [\"" + db + ".%\"]",
            "  tls:",
            tls + "files:",
            "  max-batch-interval: 200ms",
            "warehouse:",
            "  path: ./lake.duckdb",
            ""));
    return file;
  }
}
