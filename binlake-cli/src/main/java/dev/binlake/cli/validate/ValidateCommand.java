package dev.binlake.cli.validate;

import dev.binlake.api.TableId;
import dev.binlake.cli.config.BinlakeConfig;
import dev.binlake.cli.query.WarehouseAccess;
import dev.binlake.cli.run.PipelineSettings;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
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
    if (!dev.binlake.cli.run.Components.hasSingleWriter(binlake)) {
      throw new dev.binlake.api.BinlakeException(
          dev.binlake.api.ErrorCode.CONFIG_INVALID,
          "Cannot validate against warehouse.type %s yet: validate's checksums are written in"
              + " DuckDB's SQL (validate a DuckDB copy, or compare with `binlake query`)",
          binlake.warehouse().type().name().toLowerCase(java.util.Locale.ROOT));
    }
    WarehouseAccess access =
        new WarehouseAccess(
            binlake.state().dir(), () -> dev.binlake.cli.run.Components.warehouse(binlake));
    Validation validation =
        new Validation(
            PipelineSettings.source(binlake),
            binlake.state().dir(),
            access::query,
            () -> access.runStats().isPresent(),
            Duration.ofSeconds(waitSeconds),
            maxKeys,
            binlake.warehouse().keys());
    Validation.Report report = validation.run(Optional.ofNullable(table).map(TableId::parse));
    print(report, spec.commandLine().getOut());
    return report.isEqual() ? 0 : 1;
  }

  static void print(Validation.Report report, PrintWriter out) {
    out.printf(
        "compared at source binlog position %s%s%n",
        report.position(),
        report.caughtUp() ? "" : " (capture had not reached it: run `binlake run --once` first)");
    int different = 0;
    for (TableResult result : report.tables()) {
      switch (result.status()) {
        case EQUAL -> out.printf("%s: equal (%d rows)%n", result.table(), result.sourceRows());
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
    }
    out.printf(
        "%s: %d of %d tables differ%n",
        different == 0 ? "EQUAL" : "DIFFERENT", different, report.tables().size());
    out.flush();
  }
}
