package dev.binlake.cli.run;

import dev.binlake.api.BinlakeException;
import dev.binlake.capture.BinlogPosition;
import dev.binlake.cli.config.BinlakeConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code binlake run}: capture and load until stopped, or once up to now. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Captures changes from the source and loads them into the warehouse until stopped"
          + " (SIGTERM or Ctrl-C stops cleanly: open files are stored and loaded first).",
      "With --once: replicates everything committed before the command started, loads it, exits 0."
    })
public final class RunCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

  @Option(
      names = {"-c", "--config"},
      required = true,
      description = "YAML configuration file")
  Path config;

  @Option(names = "--once", description = "Replicate what is committed now, load it, and exit")
  boolean once;

  @Option(
      names = "--timeout",
      defaultValue = "PT30M",
      description = "With --once: give up after this long (ISO-8601, default ${DEFAULT-VALUE})")
  Duration timeout;

  @Override
  public Integer call() throws InterruptedException {
    return runPipeline(dev.binlake.cli.ConfigFile.load(config), Pipeline.Role.ALL, once, timeout);
  }

  /** Runs the given halves until stopped, or once up to the binlog end at start. */
  static int runPipeline(BinlakeConfig binlake, Pipeline.Role role, boolean once, Duration timeout)
      throws InterruptedException {
    LOG.info("{}", binlake.redactedSummary());
    if (once) {
      try (Pipeline pipeline = Pipeline.start(binlake, role)) {
        if (role == Pipeline.Role.LOAD) {
          pipeline.loadEverythingStored();
        } else {
          BinlogPosition target = pipeline.startPosition();
          pipeline.catchUp(target, timeout);
          LOG.info("Replicated everything up to {}", target);
        }
      }
      return 0;
    }
    Pipeline pipeline = Pipeline.start(binlake, role);
    Thread hook =
        new Thread(
            () -> {
              LOG.info("Stopping: storing open files and finishing loads");
              pipeline.close();
            },
            "binlake-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    Optional<BinlakeException> failure = pipeline.awaitStop();
    if (failure.isEmpty()) {
      return 0; // stopped by the shutdown hook, which closes the pipeline
    }
    Runtime.getRuntime().removeShutdownHook(hook);
    pipeline.close();
    throw failure.get();
  }
}
