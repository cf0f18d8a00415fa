package dev.binlake.cli;

import dev.binlake.api.BinlakeException;
import dev.binlake.cli.demo.DemoCommand;
import dev.binlake.cli.query.QueryCommand;
import dev.binlake.cli.run.CaptureCommand;
import dev.binlake.cli.run.LoadCommand;
import dev.binlake.cli.run.RunCommand;
import dev.binlake.cli.run.StatusCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code binlake}: replicate MySQL/MariaDB into a warehouse with full change history. */
@Command(
    name = "binlake",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description =
        "Replicates MySQL and MariaDB into an analytical warehouse: every change in"
            + " <table>_history, the latest state in a <table> view.",
    subcommands = {
      RunCommand.class,
      CaptureCommand.class,
      LoadCommand.class,
      StatusCommand.class,
      QueryCommand.class,
      DemoCommand.class,
      dev.binlake.cli.validate.ValidateCommand.class,
      CommandLine.HelpCommand.class
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:success",
      "1:validation found differences",
      "2:invalid configuration or usage",
      "3:source unreachable or access denied",
      "4:source not ready (binlog off or not ROW, missing grants, server id clash, purged binlog)",
      "5:storage failure",
      "6:warehouse failure (e.g. DuckDB file locked)",
      "7:capture failure",
      "8:load failure",
      "70:internal error"
    })
public final class Main implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    Logging.configure();
    System.exit(execute(args));
  }

  /** Runs the command line and returns the exit code. */
  public static int execute(String... args) {
    return execute(
        new java.io.PrintWriter(System.out, true), new java.io.PrintWriter(System.err, true), args);
  }

  /** Runs the command line with the given output and error writers (for tests). */
  public static int execute(java.io.PrintWriter out, java.io.PrintWriter err, String... args) {
    CommandLine commandLine = new CommandLine(new Main());
    commandLine.setOut(out);
    commandLine.setErr(err);
    commandLine.setExecutionExceptionHandler(
        (error, cmd, parseResult) -> {
          if (error instanceof BinlakeException binlake) {
            cmd.getErr().println("binlake: " + binlake.getMessage());
            return binlake.code().exitCode();
          }
          cmd.getErr().println("binlake: internal error: " + error);
          error.printStackTrace(cmd.getErr());
          return 70;
        });
    return commandLine.execute(args);
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing command");
  }
}
