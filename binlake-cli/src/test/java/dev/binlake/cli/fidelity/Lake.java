package dev.binlake.cli.fidelity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.binlake.api.QueryResult;
import dev.binlake.api.Warehouse;
import dev.binlake.cli.CliOutput;
import dev.binlake.cli.config.BinlakeConfig;
import dev.binlake.cli.run.Components;
import dev.binlake.testing.ThrowawayMariaDb;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** One replication target (folder, DuckDB file, state) for one source database, driven by CLI. */
final class Lake {
  private final Path config;
  private final Path dir;

  private Lake(Path dir, Path config) {
    this.dir = dir;
    this.config = config;
  }

  static Lake create(ThrowawayMariaDb server, String db, Path dir) throws Exception {
    return create(server, db, db + ".%", dir);
  }

  /** A lake replicating the tables that {@code include} selects, as user {@code u_<name>}. */
  static Lake create(ThrowawayMariaDb server, String name, String include, Path dir)
      throws Exception {
    return create(server, name, include, dir, List.of("warehouse:", "  path: ./lake.duckdb"));
  }

  /** Like {@link #create(ThrowawayMariaDb, String, String, Path)} with a warehouse block. */
  static Lake create(
      ThrowawayMariaDb server, String name, String include, Path dir, List<String> warehouse)
      throws Exception {
    String db = name;
    String user = "u_" + name;
    server.execute(
        "CREATE USER '" + user + "'@'127.0.0.1' IDENTIFIED BY 'pw'",
        "GRANT SELECT, RELOAD, REPLICATION SLAVE, BINLOG MONITOR ON *.* TO '"
            + user
            + "'@'127.0.0.1'");
    Path file = dir.resolve("binlake.yaml");
    Files.writeString(
        file,
        String.join(
            "\n",
            "source:",
            "  host: 127.0.0.1",
            "  port: " + server.port(),
            "  user: " + user,
            "  password: pw",
            "  server-id: " + (7000 + Math.floorMod(db.hashCode(), 1000)),
            "  include: [\"" + include + "\"]",
            "storage:",
            "  uri: file:./lake",
            "files:",
            "  max-batch-interval: 200ms",
            String.join("\n", warehouse),
            "state:",
            "  dir: ./state",
            ""));
    return new Lake(dir, file);
  }

  /** {@code binlake run --once}; fails the test on a non-zero exit. */
  void runOnce() {
    CliOutput output = cli("run", "--config", config.toString(), "--once");
    assertThat(output.code()).as("run --once: %s", output.err()).isZero();
  }

  CliOutput validate(String... extra) {
    String[] args = new String[3 + extra.length];
    args[0] = "validate";
    args[1] = "--config";
    args[2] = config.toString();
    System.arraycopy(extra, 0, args, 3, extra.length);
    return cli(args);
  }

  CliOutput cli(String... args) {
    return CliOutput.run(args);
  }

  QueryResult query(String sql) {
    try (Warehouse warehouse = Components.warehouse(BinlakeConfig.load(config, Map.of()))) {
      return warehouse.query(sql);
    }
  }

  /** Rows of a query as text lines, values separated by " | ". */
  List<String> lines(String sql) {
    return query(sql).rows().stream()
        .map(r -> String.join(" | ", r.stream().map(String::valueOf).toList()))
        .toList();
  }

  Path config() {
    return config;
  }
}
