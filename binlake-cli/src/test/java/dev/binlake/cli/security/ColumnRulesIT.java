package dev.binlake.cli.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.binlake.api.QueryResult;
import dev.binlake.cli.CliOutput;
import dev.binlake.cli.TestConfig;
import dev.binlake.cli.crash.ChildRun;
import dev.binlake.testing.ThrowawayMariaDb;
import dev.binlake.testing.junit.WithMariaDb;
import dev.binlake.warehouse.duckdb.DuckDbWarehouse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Excluded and hashed columns, end to end through snapshot and binlog: the plaintext is in no
 * change file (raw bytes scanned, files written uncompressed) and nowhere in the state or the
 * warehouse; hashes are HMAC-SHA-256 under the configured key, equal for equal values whether
 * snapshotted or streamed, so hashed columns still join; excluded columns are in no table; validate
 * compares the other columns and says which it skipped; the key is never logged.
 */
@WithMariaDb
class ColumnRulesIT {
  private static final String KEY = "k3y-" + "0123456789abcdef-not-logged";

  @TempDir Path dir;

  @Test
  void excludedAndHashedColumnsNeverReachTheFiles(ThrowawayMariaDb server) throws Exception {
    String db = server.createDatabase("cols");
    server.executeIn(
        db,
        "CREATE TABLE people (id INT PRIMARY KEY, email VARCHAR(100), ssn CHAR(11),"
            + " Secret_Note VARCHAR(40), age INT, city VARCHAR(20))",
        "CREATE TABLE orders (id INT PRIMARY KEY, email VARCHAR(100), amount INT)",
        "INSERT INTO people VALUES (1, 'alice-PLAIN1@example.com', '111-22-3331',"
            + " 'NOTE-PLAIN-ONE', 41, 'Lyon'), (2, 'bob-PLAIN2@example.com', '111-22-3332',"
            + " 'NOTE-PLAIN-TWO', NULL, 'Oslo')",
        "INSERT INTO orders VALUES (10, 'alice-PLAIN1@example.com', 5)");
    Path config = dir.resolve("binlake.yaml");
    Files.writeString(
        config,
        TestConfig.yaml(
            server,
            7811,
            db + ".%",
            "  columns:",
            "    exclude: [\"" + db + ".people.ssn\", \"" + db + ".%.secret_note\"]",
            "    hash: [\"" + db + ".%.email\", \"" + db + ".people.age\"]",
            "    hash-key: ${env:BINLAKE_TEST_HASH_KEY}",
            "files:",
            "  codec: none",
            "  max-batch-interval: 200ms",
            "warehouse:",
            "  path: ./lake.duckdb"));

    // First run (snapshot) in a child JVM: the key comes from the environment, logs at DEBUG.
    Path log = dir.resolve("run-1.log");
    Process child =
        ChildRun.start(
            log,
            Map.of(
                "BINLAKE_TEST_HASH_KEY",
                KEY,
                "BINLAKE_LOG",
                "DEBUG",
                "BINLAKE_DEBEZIUM_LOG",
                "DEBUG"),
            List.of(),
            "run",
            "--config",
            config.toString(),
            "--once");
    assertThat(child.waitFor(3, TimeUnit.MINUTES)).isTrue();
    assertThat(child.exitValue()).as(Files.readString(log)).isZero();
    assertThat(Files.readString(log)).contains("source.columns.hash-key").doesNotContain(KEY);
    // `run --once` ends only after every table's snapshot is stored (it once stopped between two).
    for (String table : List.of("people", "orders")) {
      assertThat(fileNames(dir.resolve("lake").resolve(db).resolve(table)))
          .as("%s's snapshot file after the first run; its log:%n%s", table, Files.readString(log))
          .anyMatch(name -> name.startsWith("LOAD"));
    }

    server.executeIn(
        db,
        "INSERT INTO people VALUES (3, 'carol-PLAIN3@example.com', '111-22-3333',"
            + " 'NOTE-PLAIN-THREE', 41, 'Rome')",
        "INSERT INTO orders VALUES (11, 'alice-PLAIN1@example.com', 7),"
            + " (12, 'carol-PLAIN3@example.com', 9)",
        "UPDATE people SET email = 'bob-PLAIN2-new@example.com', Secret_Note = 'NOTE-PLAIN-NEW'"
            + " WHERE id = 2",
        "DELETE FROM people WHERE id = 1");
    String yaml = Files.readString(config).replace("${env:BINLAKE_TEST_HASH_KEY}", KEY);
    Files.writeString(config, yaml);
    assertThat(CliOutput.run("run", "--config", config.toString(), "--once").code()).isZero();

    List<String> plaintexts =
        List.of(
            "PLAIN1",
            "PLAIN2",
            "PLAIN3",
            "111-22-333",
            "NOTE-PLAIN",
            "alice-",
            "carol-",
            KEY.substring(4));
    List<Path> parquet = new ArrayList<>();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        if (file.getFileName().toString().startsWith("run-") || file.equals(config)) {
          continue; // the child's log, checked above, and the config holding the key
        }
        if (file.toString().endsWith(".parquet")) {
          parquet.add(file);
        }
        String bytes = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        for (String plain : plaintexts) {
          assertThat(bytes).as("%s holds %s", file, plain).doesNotContain(plain);
        }
      }
    }
    assertThat(parquet).as("snapshot and streamed change files").hasSizeGreaterThanOrEqualTo(3);
    // The files were written uncompressed, so the scan above saw the values as stored; the
    // hashes are there in clear.
    String everyFile = parquet.stream().map(ColumnRulesIT::latin1).reduce("", String::concat);
    assertThat(everyFile).contains(hmac("carol-PLAIN3@example.com")).contains(hmac("41"));

    try (DuckDbWarehouse warehouse = DuckDbWarehouse.open(dir.resolve("lake.duckdb"))) {
      assertThat(
              lines(
                  warehouse,
                  "SELECT column_name, data_type FROM duckdb_columns() WHERE schema_name = '"
                      + db
                      + "' AND table_name = 'people_history' AND column_name NOT LIKE 'binlake%'"
                      + " AND column_name <> 'Op' ORDER BY column_index"))
          .containsExactly("id | INTEGER", "email | VARCHAR", "age | VARCHAR", "city | VARCHAR");
      assertThat(
              lines(
                  warehouse, "SELECT id, email, age, city FROM \"" + db + "\".people ORDER BY id"))
          .containsExactly(
              "2 | " + hmac("bob-PLAIN2-new@example.com") + " | null | Oslo",
              "3 | " + hmac("carol-PLAIN3@example.com") + " | " + hmac("41") + " | Rome");
      // Snapshot (id 1) and streamed (id 3) rows with the same age hash alike.
      assertThat(
              lines(
                  warehouse,
                  "SELECT DISTINCT age FROM \""
                      + db
                      + "\".people_history WHERE id IN (1, 3) AND Op = 'I'"))
          .containsExactly(hmac("41"));
      // Hashed values still join: snapshotted and streamed orders find their people.
      assertThat(
              lines(
                  warehouse,
                  "SELECT o.id, h.id FROM \""
                      + db
                      + "\".orders o JOIN \""
                      + db
                      + "\".people_history h ON h.email = o.email AND h.Op = 'I'"
                      + " ORDER BY o.id"))
          .containsExactly("10 | 1", "11 | 1", "12 | 3");
    }

    CliOutput validate = CliOutput.run("validate", "--config", config.toString());
    assertThat(validate.out())
        .as(validate.err())
        .contains(
            db + ".people: equal (2 rows; columns [email, ssn, Secret_Note, age] not compared")
        .contains(db + ".orders: equal (3 rows; columns [email] not compared");
    assertThat(validate.code()).isZero();
  }

  private static String hmac(String value) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(KEY.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return HexFormat.of().formatHex(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)));
  }

  private static String latin1(Path file) {
    try {
      return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static List<String> lines(DuckDbWarehouse warehouse, String sql) {
    QueryResult result = warehouse.query(sql);
    return result.rows().stream()
        .map(r -> String.join(" | ", r.stream().map(String::valueOf).toList()))
        .toList();
  }

  private static List<String> fileNames(Path folder) throws java.io.IOException {
    if (!Files.isDirectory(folder)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(folder)) {
      return files.map(p -> p.getFileName().toString()).toList();
    }
  }
}
