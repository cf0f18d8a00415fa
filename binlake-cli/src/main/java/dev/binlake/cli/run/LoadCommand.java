package dev.binlake.cli.run;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code binlake load}: the load half alone; several may share one queue. */
@Command(
    name = "load",
    mixinStandardHelpOptions = true,
    description = {
      "Loads change files into the warehouse as their \"Object Created\" events arrive, plus a"
          + " listing pass at start and every minute for files whose event was lost. Several"
          + " loaders may share one queue: each file is loaded exactly once.",
      "With --once: loads every stored file that is not loaded yet, then exits 0."
    })
public final class LoadCommand implements Callable<Integer> {
  @Option(
      names = {"-c", "--config"},
      required = true,
      description = "YAML configuration file")
  Path config;

  @Option(names = "--once", description = "Load what is stored now and exit")
  boolean once;

  @Override
  public Integer call() throws InterruptedException {
    return RunCommand.runPipeline(
        dev.binlake.cli.ConfigFile.load(config),
        Pipeline.Role.LOAD,
        once,
        java.time.Duration.ofHours(1));
  }
}
