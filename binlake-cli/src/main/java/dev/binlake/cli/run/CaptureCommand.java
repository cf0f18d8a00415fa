package dev.binlake.cli.run;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code binlake capture}: the capture half alone, for scaled-out deployments. */
@Command(
    name = "capture",
    mixinStandardHelpOptions = true,
    description = {
      "Captures changes into change files in the object store and announces each with an"
          + " \"Object Created\" event, without loading (run `binlake load` workers for that).",
      "With --once: captures everything committed before the command started, stores it, exits 0."
    })
public final class CaptureCommand implements Callable<Integer> {
  @Option(
      names = {"-c", "--config"},
      required = true,
      description = "YAML configuration file")
  Path config;

  @Option(names = "--once", description = "Capture what is committed now, store it, and exit")
  boolean once;

  @Option(
      names = "--timeout",
      defaultValue = "PT30M",
      description = "With --once: give up after this long (default ${DEFAULT-VALUE})")
  java.time.Duration timeout;

  @Override
  public Integer call() throws InterruptedException {
    return RunCommand.runPipeline(
        dev.binlake.cli.ConfigFile.load(config), Pipeline.Role.CAPTURE, once, timeout);
  }
}
