package dev.binlake.cli.badinput;

import static org.assertj.core.api.Assertions.assertThat;

import dev.binlake.cli.Main;
import dev.binlake.testing.ThrowawayMariaDb;
import dev.binlake.testing.junit.WithMariaDb;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input of many kinds, each through `binlake run --once`: the exit code names the family, the
 * message says what to do, and nothing half-written is left (no change file, no warehouse rows).
 * Source misconfigurations that need their own server (binlog off, STATEMENT, row image) are in
 * PreflightIT, TLS refused or untrusted in SourceTlsIT, unparseable DDL in UnparseableDdlIT;
 * configuration-file problems are also covered one by one in ConfigProblemsTest.
 */
@WithMariaDb
class BadInputIT {
  @TempDir Path dir;
  private ThrowawayMariaDb server;
  private String db;

  @BeforeEach
  void createDatabase(ThrowawayMariaDb server) {
    this.server = server;
    db = server.createDatabase("bad");
    server.executeIn(
        db, "CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(10))", "INSERT INTO t VALUES (1, 'a')");
  }

  @Test
  void malformedYaml() throws Exception {
    expect(2, "source:\n  host: [127.0.0.1\n", "not valid YAML");
  }

  @Test
  void unknownKeyWithSuggestion() throws Exception {
    expect(2, valid().replace("  server-id:", "  server_id:"), "did you mean source.server-id?");
  }

  @Test
  void badUnits() throws Exception {
    expect(
        2,
        valid() + "files:\n  max-batch-interval: 5 minutes\n",
        "'5 minutes' has an unknown unit 'minutes' (use ms, s, m, h or d)");
  }

  @Test
  void missingEnvironmentVariable() throws Exception {
    expect(
        2,
        valid().replace("password: \"\"", "password: ${env:BINLAKE_NOT_SET_ANYWHERE}"),
        "set BINLAKE_NOT_SET_ANYWHERE in the environment");
  }

  @Test
  void missingConfigFile() throws Exception {
    assertThat(run(dir.resolve("nope.yaml")).err()).contains("the file does not exist");
  }

  @Test
  void unreachableHost() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    expect(
        3,
        valid()
            .replace("port: " + server.port(), "port: " + port)
            .replace("connect-timeout: 10s", "connect-timeout: 2s"),
        "check source.host and source.port");
  }

  @Test
  void wrongPassword() throws Exception {
    expect(
        3,
        valid().replace("password: \"\"", "password: wrong-one"),
        "access denied (check source.user and source.password");
  }

  @Test
  void missingReplicationGrants() throws Exception {
    server.execute(
        "CREATE USER IF NOT EXISTS 'ro_" + db + "'@'127.0.0.1' IDENTIFIED BY 'pw'",
        "GRANT SELECT ON *.* TO 'ro_" + db + "'@'127.0.0.1'");
    expect(
        4,
        valid().replace("user: root", "user: ro_" + db).replace("password: \"\"", "password: pw"),
        "missing privileges [REPLICATION SLAVE, BINLOG MONITOR, RELOAD]");
  }

  @Test
  void serverIdOfTheSource() throws Exception {
    expect(
        4,
        valid().replace("server-id: 7801", "server-id: 1"),
        "is the source server's own server_id");
  }

  @Test
  void storageFolderIsAFile() throws Exception {
    Files.writeString(dir.resolve("not-a-folder"), "x");
    expect(5, valid() + "storage:\n  uri: file:./not-a-folder\n", "not-a-folder");
  }

  @Test
  void duckDbFileHeldByAnotherProcess() throws Exception {
    Process holder = startHolder();
    try {
      Path second = otherConfig(7802, "warehouse:\n  path: " + dir.resolve("lake.duckdb") + "\n");
      Result result = run(second);
      assertThat(result.code()).isEqualTo(6);
      assertThat(result.err()).contains("holds it (stop that process, or run `binlake query`");
    } finally {
      holder.destroy();
      holder.waitFor();
    }
  }

  @Test
  void stateFolderHeldByAnotherCapture() throws Exception {
    Process holder = startHolder();
    try {
      Path second =
          otherConfig(
              7803,
              "state:\n  dir: "
                  + dir.resolve("state")
                  + "\nwarehouse:\n  path: "
                  + dir.resolve("other/lake.duckdb")
                  + "\n");
      Result result = run(second);
      assertThat(result.err())
          .contains("another binlake process uses the state folder")
          .contains("(stop it first, or give this one its own state.dir)");
      assertThat(result.code()).isEqualTo(2);
      assertNoChangeFiles(dir.resolve("other"));
    } finally {
      holder.destroy();
      holder.waitFor();
    }
  }

  /** `binlake run` of {@link #valid()} in a child JVM, once it has started capturing. */
  private Process startHolder() throws Exception {
    Path yaml = write(valid());
    Process holder =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                "dev.binlake.cli.Main",
                "run",
                "--config",
                yaml.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("holder.log").toFile())
            .start();
    try {
      org.awaitility.Awaitility.await()
          .atMost(java.time.Duration.ofSeconds(90))
          .until(() -> Files.readString(dir.resolve("holder.log")).contains("Starting capture"));
    } catch (RuntimeException e) {
      holder.destroy();
      throw e;
    }
    return holder;
  }

  /** A config in {@code <dir>/other} with the given server id and extra sections. */
  private Path otherConfig(long serverId, String extra) throws Exception {
    Path other = dir.resolve("other");
    Files.createDirectories(other);
    Path second = other.resolve("binlake.yaml");
    Files.writeString(second, valid().replace("server-id: 7801", "server-id: " + serverId) + extra);
    return second;
  }

  @Test
  void postgresWarehouseUnreachable() throws Exception {
    expect(
        6,
        valid()
            + "warehouse:\n  type: postgres\n  postgres:\n"
            + "    url: jdbc:postgresql://127.0.0.1:1/nowhere\n",
        "127.0.0.1:1");
  }

  @Test
  void brokerUnreachable() throws Exception {
    expect(
        8,
        valid()
            + "events:\n  type: rabbitmq\n  rabbitmq:\n"
            + "    uri: amqp://guest:guest@127.0.0.1:1/%2F\n",
        "127.0.0.1:1");
  }

  @Test
  void s3BucketMissing() throws Exception {
    expect(
        5,
        valid()
            + "storage:\n  uri: s3://no-such-bucket/x\n  s3:\n"
            + "    endpoint: http://127.0.0.1:1\n    path-style-access: true\n"
            + "    access-key: a\n    secret-key: b\n",
        "storage.s3");
  }

  @Test
  void bigQueryWithoutProject() throws Exception {
    expect(
        2,
        valid() + "warehouse:\n  type: bigquery\n",
        "warehouse.bigquery.project: is required when warehouse.type is bigquery");
  }

  @Test
  void hashedColumnsWithoutAKey() throws Exception {
    expect(
        2,
        valid() + "  columns:\n    hash: [\"" + db + ".t.v\"]\n",
        "source.columns.hash-key: is required when source.columns.hash names columns (write e.g."
            + " hash-key: ${env:BINLAKE_HASH_KEY}");
  }

  @Test
  void excludedPrimaryKeyColumn() throws Exception {
    expect(
        2,
        valid() + "  columns:\n    exclude: [\"" + db + ".t.ID\"]\n",
        "Cannot exclude column " + db + ".t.id: it is part of the primary key");
  }

  @Test
  void tlsVerificationWithoutACaFile() throws Exception {
    expect(
        2,
        valid() + "  tls:\n    mode: verify-ca\n",
        "source.tls.ca-file: is required when source.tls.mode is verify-ca (the PEM certificate"
            + " of the CA");
  }

  /**
   * The disk of the storage folder fills up while the snapshot file is written into it: a 256 kB
   * tmpfs mounted over the folder (root in a container may mount; otherwise the test is skipped
   * with the reason). This is a real ENOSPC from the kernel in the middle of the write.
   */
  @Test
  void diskFullWhileWritingAFile() throws Exception {
    server.executeIn(
        db,
        "CREATE TABLE big (id INT PRIMARY KEY, v VARCHAR(200))",
        "INSERT INTO big SELECT seq, SHA2(seq, 512) FROM seq_1_to_20000");
    Path lake = dir.resolve("lake");
    Path config = write(valid() + "storage:\n  uri: file:./lake\n");
    TmpfsMount mount = TmpfsMount.mount(lake, "size=256k");
    boolean mounted = true;
    try {
      Result result = run(config);
      assertThat(result.err())
          .contains("Cannot store " + db + "/big/LOAD00000001.parquet in " + lake)
          .contains("No space left on device")
          .contains("that the disk has space)");
      assertThat(result.code()).isEqualTo(5);
      assertThat(result.err()).startsWith("binlake: ").doesNotContain("\tat ");
      assertThat(regularFiles(lake)).as("nothing half-written in the full folder").isEmpty();
      assertNoChangeFiles(dir);
      Path checkpoint = dir.resolve("state/checkpoint.json");
      if (Files.exists(checkpoint)) { // written when the snapshot started, or not yet
        assertThat(Files.readString(checkpoint))
            .as("no table counts as stored")
            .contains("\"tables\" : { }");
      }
      mount.unmount();
      mounted = false;
    } finally {
      if (mounted) {
        mount.unmount();
      }
    }
    // With space again, the same command replicates everything, once.
    Result retry = run(config);
    assertThat(retry.code()).as(retry.err()).isZero();
    try (dev.binlake.warehouse.duckdb.DuckDbWarehouse warehouse =
        dev.binlake.warehouse.duckdb.DuckDbWarehouse.open(dir.resolve("lake.duckdb"))) {
      assertThat(
              warehouse
                  .query("SELECT count(*), count(DISTINCT id) FROM \"" + db + "\".big_history")
                  .rows())
          .containsExactly(List.of(20000L, 20000L));
    }
  }

  /** Like {@link #diskFullWhileWritingAFile}, but the state folder's work area fills up. */
  @Test
  void diskFullWhileWritingTheParquetFile() throws Exception {
    server.executeIn(
        db,
        "CREATE TABLE big (id INT PRIMARY KEY, v VARCHAR(200))",
        "INSERT INTO big SELECT seq, SHA2(seq, 512) FROM seq_1_to_20000");
    Path work = dir.resolve("state/work");
    TmpfsMount mount = TmpfsMount.mount(work, "size=256k");
    try {
      Result result = run(write(valid()));
      assertThat(result.err()).contains("No space left on device");
      assertThat(result.code()).isEqualTo(5);
      assertThat(regularFiles(work)).as("nothing half-written in the work folder").isEmpty();
      assertNoChangeFiles(dir);
    } finally {
      mount.unmount();
    }
  }

  @Test
  void storageFolderOnAReadOnlyFileSystem() throws Exception {
    Path lake = dir.resolve("lake");
    TmpfsMount mount = TmpfsMount.mount(lake, "ro,size=1m");
    try {
      expect(5, valid() + "storage:\n  uri: file:./lake\n", "Read-only file system");
    } finally {
      mount.unmount();
    }
  }

  private static List<Path> regularFiles(Path folder) throws Exception {
    try (Stream<Path> files = Files.walk(folder)) {
      return files.filter(Files::isRegularFile).toList();
    }
  }

  private static void assertNoChangeFiles(Path folder) throws Exception {
    try (Stream<Path> files = Files.walk(folder)) {
      assertThat(files.filter(f -> f.toString().endsWith(".parquet")).toList())
          .as("change files")
          .isEmpty();
    }
  }

  private void expect(int code, String yaml, String message) throws Exception {
    Result result = run(write(yaml));
    assertThat(result.err()).as("stderr").contains(message);
    assertThat(result.code()).as("exit code; stderr: %s", result.err()).isEqualTo(code);
    assertThat(result.err())
        .as("a user-facing message, not a stack trace")
        .startsWith("binlake: ")
        .doesNotContain("\tat ");
    try (Stream<Path> files = Files.walk(dir)) {
      assertThat(files.filter(f -> f.toString().endsWith(".parquet")).toList())
          .as("change files")
          .isEmpty();
    }
  }

  private record Result(int code, String err) {}

  private Result run(Path config) {
    StringWriter err = new StringWriter();
    int code =
        Main.execute(
            new PrintWriter(new StringWriter()),
            new PrintWriter(err),
            "run",
            "--config",
            config.toString(),
            "--once",
            "--timeout",
            "PT1M");
    return new Result(code, err.toString());
  }

  private Path write(String yaml) throws Exception {
    Path file = dir.resolve("binlake.yaml");
    Files.writeString(file, yaml);
    return file;
  }

  private String valid() {
    return String.join(
        "\n",
        "source:",
        "  host: 127.0.0.1",
        "  port: " + server.port(),
        "  user: root",
        "  password: \"\"",
        "  server-id: 7801",
        "  connect-timeout: 10s",
        "  include: [\"" + db + ".%\"]",
        "");
  }
}
