package dev.binlake.cli.query;

import dev.binlake.api.QueryResult;
import dev.binlake.cli.config.BinlakeConfig;
import dev.binlake.cli.run.Components;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code binlake query "SQL"}. */
@Command(
    name = "query",
    mixinStandardHelpOptions = true,
    description = {
      "Runs SQL against the warehouse and prints the result. Works while `binlake run` holds the"
          + " DuckDB file (the query goes through the running process).",
      "Tables: <db>.<table>_history (every change, with Op, binlake_commit_ts, binlake_order)"
          + " and the view <db>.<table> (latest row per primary key)."
    })
public final class QueryCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = {"-c", "--config"},
      required = true,
      description = "YAML configuration file")
  Path config;

  @Option(names = "--csv", description = "Print CSV instead of a table")
  boolean csv;

  @Parameters(index = "0", paramLabel = "SQL", description = "The query")
  String sql;

  @Override
  public Integer call() {
    BinlakeConfig binlake = dev.binlake.cli.ConfigFile.load(config);
    QueryResult result =
        new WarehouseAccess(binlake.state().dir(), () -> Components.warehouse(binlake)).query(sql);
    PrintWriter out = spec.commandLine().getOut();
    if (csv) {
      ResultTable.printCsv(result, out);
    } else {
      ResultTable.print(result, out);
    }
    return 0;
  }
}
