package dev.binlake.cli.crash;

import static org.assertj.core.api.Assertions.assertThat;

import dev.binlake.testing.ThrowawayMariaDb;
import dev.binlake.testing.junit.WithMariaDb;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The source password never appears in logs, command output, state files, change files or the
 * warehouse — also not when the password is wrong or the source is unreachable.
 */
@WithMariaDb
class SecretsIT {
  @TempDir Path dir;

  @Test
  void passwordAppearsNowhere(ThrowawayMariaDb server) throws Exception {
    String db = server.createDatabase("secret");
    String password = "pw-" + UUID.randomUUID();
    server.execute(
        "CREATE USER 'cap_" + db + "'@'127.0.0.1' IDENTIFIED BY '" + password + "'",
        "GRANT SELECT, RELOAD, REPLICATION SLAVE, BINLOG MONITOR ON *.* TO 'cap_"
            + db
            + "'@'127.0.0.1'");
    server.executeIn(
        db, "CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(10))", "INSERT INTO t VALUES (1, 'x')");
    Path config = dir.resolve("binlake.yaml");
    Files.writeString(
        config,
        String.join(
            "\n",
            "source:",
            "  host: 127.0.0.1",
            "  port: " + server.port(),
            "  user: cap_" + db,
            "  password: ${env:BINLAKE_SOURCE_PASSWORD}",
            "  server-id: 7601",
            "  include: [\"" + db + ".%\"]",
            ""));
    Map<String, String> env =
        Map.of(
            "BINLAKE_SOURCE_PASSWORD",
            password,
            "BINLAKE_DEBEZIUM_LOG",
            "DEBUG",
            "BINLAKE_LOG",
            "DEBUG");
    run(env, "run", "--config", config.toString(), "--once");
    run(env, "status", "--config", config.toString());
    run(env, "status", "--config", config.toString(), "--json");
    run(env, "query", "--config", config.toString(), "SELECT * FROM \"" + db + "\".t");
    Map<String, String> wrong = Map.of("BINLAKE_SOURCE_PASSWORD", password + "-wrong");
    run(wrong, "run", "--config", config.toString(), "--once");

    assertThat(Files.readString(dir.resolve("log-1.txt"))).contains("Loaded"); // logs are real
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        String content = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        assertThat(content).as("%s", file).doesNotContain(password);
      }
    }
  }

  private int runs;

  private void run(Map<String, String> env, String... args) throws Exception {
    Path log = dir.resolve("log-" + ++runs + ".txt");
    Process process = ChildRun.start(log, env, List.of(), args);
    assertThat(process.waitFor(3, TimeUnit.MINUTES)).isTrue();
  }
}
