package dev.binlake.cli.validate;

import dev.binlake.api.QueryResult;
import dev.binlake.api.TableId;
import dev.binlake.api.Warehouse;
import dev.binlake.cli.config.BinlakeConfig;
import dev.binlake.cli.config.WarehouseConfig;
import dev.binlake.cli.query.WarehouseAccess;
import dev.binlake.cli.run.Components;
import dev.binlake.cli.run.PipelineSettings;
import dev.binlake.warehouse.bigquery.BigQuerySettings;
import dev.binlake.warehouse.bigquery.BigQueryWarehouse;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code binlake validate}: source tables against latest views, by checksums over key ranges. */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description = {
      "Compares each source table with its latest view by checksums over primary-key ranges"
          + " computed on both sides, narrows differing ranges down to keys and prints them.",
      "Compares at one consistent point: the source inside a consistent snapshot at binlog"
          + " position P, the warehouse as of P (so it works while `binlake run` runs; it waits"
          + " up to --wait for capture to pass P).",
      "Exit 0: all equal; 1: differences (the first differing keys are printed)."
    })
public final class ValidateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = {"-c", "--config"},
      required = true,
      description = "YAML configuration file")
  Path config;

  @Option(names = "--table", paramLabel = "DB.TABLE", description = "Compare only this table")
  String table;

  @Option(
      names = "--wait",
      defaultValue = "120",
      paramLabel = "SECONDS",
      description =
          "How long to wait for a running binlake to catch up" + " (default: ${DEFAULT-VALUE})")
  long waitSeconds;

  @Option(
      names = "--max-keys",
      defaultValue = "20",
      description = "Differing keys to print per table (default: ${DEFAULT-VALUE})")
  int maxKeys;

  @Override
  public Integer call() throws Exception {
    BinlakeConfig binlake = dev.binlake.cli.ConfigFile.load(config);
    WarehouseAccess access =
        new WarehouseAccess(binlake.state().dir(), () -> Components.warehouse(binlake));
    Path scratch = null;
    Warehouse opened = null;
    try {
      Function<String, QueryResult> query = access::query;
      if (!Components.hasSingleWriter(binlake) && access.runStats().isEmpty()) {
        // One connection for all queries. BigQuery gets a state folder of its own, so this
        // process never submits batches a stopped binlake left queued.
        if (binlake.warehouse().type() == WarehouseConfig.Type.BIGQUERY) {
          scratch = Files.createTempDirectory("binlake-validate-");
          opened =
              BigQueryWarehouse.open(Components.bigQuerySettings(binlake).withStateDir(scratch));
        } else {
          opened = Components.warehouse(binlake);
        }
        query = opened::query;
      }
      Validation validation =
          new Validation(
              PipelineSettings.source(binlake),
              binlake.state().dir(),
              query,
              dialect(binlake),
              () -> access.runStats().isPresent(),
              Duration.ofSeconds(waitSeconds),
              maxKeys,
              binlake.warehouse().keys());
      Validation.Report report = validation.run(Optional.ofNullable(table).map(TableId::parse));
      print(report, spec.commandLine().getOut());
      return report.isEqual() ? 0 : 1;
    } finally {
      if (opened != null) {
        opened.close();
      }
      if (scratch != null) {
        deleteTree(scratch);
      }
    }
  }

  /** The SQL dialect of the configured warehouse. */
  static WarehouseDialect dialect(BinlakeConfig binlake) {
    return switch (binlake.warehouse().type()) {
      case DUCKDB -> new DuckDbDialect();
      case POSTGRES -> new PostgresDialect();
      case BIGQUERY -> {
        BigQuerySettings settings = Components.bigQuerySettings(binlake);
        yield new BigQueryDialect(
            new BigQueryDialect.Names(
                settings::historyTableSql, settings::datasetSql, settings::historyTableName));
      }
    };
  }

  static void print(Validation.Report report, PrintWriter out) {
    out.printf(
        "compared at source binlog position %s%s%n",
        report.position(),
        report.caughtUp() ? "" : " (capture had not reached it: run `binlake run --once` first)");
    int different = 0;
    for (TableResult result : report.tables()) {
      switch (result.status()) {
        case EQUAL ->
            out.printf(
                "%s: equal (%d rows%s)%n",
                result.table(),
                result.sourceRows(),
                result.reason().isEmpty() ? "" : "; " + result.reason());
        case SKIPPED -> out.printf("%s: skipped: %s%n", result.table(), result.reason());
        case DIFFERENT -> {
          different++;
          if (!result.reason().isEmpty()) {
            out.printf("%s: DIFFERENT: %s%n", result.table(), result.reason());
          } else {
            out.printf(
                "%s: DIFFERENT: %s%d keys differ%n",
                result.table(), result.truncated() ? "at least " : "", result.differences().size());
            result.differences().forEach(d -> out.printf("  %s%n", d));
          }
        }
        default -> throw new IllegalStateException("unknown status " + result.status());
      }
      if (!result.note().isEmpty()) {
        out.printf("  note: %s%n", result.note());
      }
    }
    out.printf(
        "%s: %d of %d tables differ%n",
        different == 0 ? "EQUAL" : "DIFFERENT", different, report.tables().size());
    out.flush();
  }

  private static void deleteTree(Path root) throws java.io.IOException {
    try (java.util.stream.Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}
