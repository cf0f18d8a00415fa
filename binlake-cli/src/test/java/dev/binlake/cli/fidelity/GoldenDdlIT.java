package dev.binlake.cli.fidelity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.binlake.api.QueryResult;
import dev.binlake.cli.CliOutput;
import dev.binlake.testing.ThrowawayMariaDb;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Golden files for DDL mid-stream (Maxwell-style): {@code golden/<name>/input.sql} runs after an
 * empty first replication (so every change is streamed), then a second {@code run --once}; history
 * (every change, non-null values, in binlake_order; rows a DDL re-read adds come last), the latest
 * views and validate's verdict must equal {@code expected-history.txt}, {@code expected-latest.txt}
 * and {@code expected-validate.txt}. {@code -Dbinlake.golden.update=true} rewrites the expected
 * files.
 */
class GoldenDdlIT {
  private static final Set<String> META =
      Set.of("Op", "binlake_commit_ts", "binlake_order", "binlake_unrepresentable");

  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(
      strings = {
        "columns",
        "rename_column",
        "add_column_default",
        "tables",
        "truncate",
        "drop_table",
        "keys"
      })
  void replicatesDdlAsTheGoldenFilesSay(String name) throws Exception {
    ThrowawayMariaDb server = FidelityServer.get();
    String db = server.createDatabase("g_" + name);
    Lake lake = Lake.create(server, db, dir);
    lake.runOnce();
    server.executeIn(db, statements(read(name, "input.sql")).toArray(String[]::new));
    lake.runOnce();

    String history = history(lake, db);
    String latest = latest(lake, db);
    CliOutput validate = lake.validate();
    String verdict =
        Arrays.stream(validate.out().split("\n"))
            .filter(line -> !line.startsWith("compared at"))
            .map(line -> line.replace(db + ".", ""))
            .collect(Collectors.joining("\n", "", "\n"));
    if (Boolean.getBoolean("binlake.golden.update")) {
      write(name, "expected-history.txt", history);
      write(name, "expected-latest.txt", latest);
      write(name, "expected-validate.txt", verdict);
    }
    assertThat(history).isEqualTo(read(name, "expected-history.txt"));
    assertThat(latest).isEqualTo(read(name, "expected-latest.txt"));
    assertThat(verdict).as(validate.err()).isEqualTo(read(name, "expected-validate.txt"));
  }

  /** The way Debezium runs its scripts: drop comment lines, split on ';'. */
  static List<String> statements(String script) {
    String text =
        Arrays.stream(script.split("\n"))
            .filter(line -> !line.strip().startsWith("--"))
            .collect(Collectors.joining("\n"));
    return Arrays.stream(text.split(";"))
        .map(String::strip)
        .filter(s -> !s.isEmpty())
        .map(s -> s.replace("$$", ";"))
        .toList();
  }

  private static String history(Lake lake, String db) {
    StringBuilder out = new StringBuilder();
    for (String table :
        names(
            lake,
            "SELECT table_name FROM duckdb_tables() WHERE schema_name = '"
                + db
                + "' AND table_name LIKE '%_history' ORDER BY 1")) {
      QueryResult rows =
          lake.query(
              "SELECT * FROM \""
                  + db
                  + "\".\""
                  + table
                  // Re-read rows (snapshot kind) last: where their window closes depends on timing.
                  + "\" ORDER BY substr(binlake_order, 23, 1) = '0', binlake_order");
      String shortName = table.substring(0, table.length() - "_history".length());
      for (List<Object> row : rows.rows()) {
        List<String> values = new ArrayList<>();
        for (int i = 0; i < row.size(); i++) {
          String column = rows.columns().get(i);
          if (!META.contains(column) && row.get(i) != null) {
            values.add(column + "=" + row.get(i));
          }
        }
        out.append(shortName)
            .append(' ')
            .append(row.get(rows.columns().indexOf("Op")))
            .append(" {")
            .append(String.join(", ", values))
            .append("}\n");
      }
    }
    return out.toString();
  }

  private static String latest(Lake lake, String db) {
    StringBuilder out = new StringBuilder();
    for (String view :
        names(
            lake,
            "SELECT view_name FROM duckdb_views() WHERE schema_name = '"
                + db
                + "' AND NOT internal ORDER BY 1")) {
      QueryResult rows = lake.query("SELECT * FROM \"" + db + "\".\"" + view + "\"");
      List<String> lines = new ArrayList<>();
      for (List<Object> row : rows.rows()) {
        List<String> values = new ArrayList<>();
        for (int i = 0; i < row.size(); i++) {
          if (!META.contains(rows.columns().get(i))) {
            values.add(rows.columns().get(i) + "=" + Objects.toString(row.get(i)));
          }
        }
        lines.add(view + " {" + String.join(", ", values) + "}\n");
      }
      lines.stream().sorted().forEach(out::append);
    }
    return out.toString();
  }

  private static List<String> names(Lake lake, String sql) {
    return lake.query(sql).rows().stream().map(r -> r.get(0).toString()).toList();
  }

  private static Path folder(String name) {
    return Path.of(
        System.getProperty("binlake.root", "."),
        "binlake-cli",
        "src",
        "test",
        "resources",
        "golden",
        name);
  }

  private static String read(String name, String file) {
    try (var in = GoldenDdlIT.class.getResourceAsStream("/golden/" + name + "/" + file)) {
      return in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void write(String name, String file, String text) throws IOException {
    Files.writeString(folder(name).resolve(file), text);
  }
}
