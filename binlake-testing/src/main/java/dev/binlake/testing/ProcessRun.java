package dev.binlake.testing;

import dev.binlake.api.BinlakeException;
import dev.binlake.api.ErrorCode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a helper program to completion with its output in a log file. */
final class ProcessRun {
  private ProcessRun() {}

  static void run(List<String> command, Path logFile, Duration timeout) {
    try {
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(logFile.toFile())
              .start();
      process.getOutputStream().close();
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        throw failure(command, "it did not finish within " + timeout, logFile, null);
      }
      if (process.exitValue() != 0) {
        throw failure(command, "it exited with " + process.exitValue(), logFile, null);
      }
    } catch (IOException e) {
      throw failure(command, e.getMessage(), logFile, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw failure(command, "interrupted", logFile, e);
    }
  }

  /** The last {@code lines} lines of a text file, or "" when it does not exist. */
  static String tail(Path file, int lines) {
    try {
      if (!Files.exists(file)) {
        return "";
      }
      List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size())) + "\n";
    } catch (IOException | RuntimeException e) {
      return "(cannot read " + file + ": " + e.getMessage() + ")\n";
    }
  }

  private static BinlakeException failure(
      List<String> command, String why, Path logFile, Exception cause) {
    String message =
        String.format(
            "Cannot run %s: %s (see its output below, from %s)%n%s",
            String.join(" ", command), why, logFile, tail(logFile, 30));
    return cause == null
        ? new BinlakeException(ErrorCode.SOURCE_UNREACHABLE, "%s", message)
        : new BinlakeException(ErrorCode.SOURCE_UNREACHABLE, cause, "%s", message);
  }
}
