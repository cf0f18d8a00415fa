package dev.binlake.cli.demo;

import dev.binlake.api.BinlakeException;
import dev.binlake.api.ErrorCode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** A {@code binlake} command in a child JVM with this JVM's classpath, its output in a log file. */
final class ChildProcess {
  private final String name;
  private final Path log;
  private final Process process;

  private ChildProcess(String name, Path log, Process process) {
    this.name = name;
    this.log = log;
    this.process = process;
  }

  /** Starts {@code binlake <args>} with {@code env} added to this process's environment. */
  static ChildProcess start(String name, Path logs, Map<String, String> env, String... args)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("dev.binlake.cli.Main");
    command.addAll(List.of(args));
    Path log = logs.resolve(name + ".log");
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().putAll(env);
    return new ChildProcess(name, log, builder.start());
  }

  String name() {
    return name;
  }

  Path log() {
    return log;
  }

  /** Waits until the log holds {@code text}; fails with the log's end if the process exits. */
  void awaitLog(String text, Duration timeout) throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (Files.readString(log, StandardCharsets.UTF_8).contains(text)) {
        return;
      }
      requireAlive();
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new BinlakeException(ErrorCode.INTERNAL, "Interrupted waiting for %s", name);
      }
    }
    throw new BinlakeException(
        ErrorCode.INTERNAL,
        "Cannot start the demo's %s: no \"%s\" in its log after %s (see %s)",
        name,
        text,
        timeout,
        log);
  }

  /** Fails with the end of the log when the process has exited. */
  void requireAlive() throws IOException {
    if (!process.isAlive()) {
      throw new BinlakeException(
          ErrorCode.INTERNAL,
          "The demo's %s stopped with exit code %d; the end of %s:%n%s",
          name,
          process.exitValue(),
          log,
          tail(20));
    }
  }

  /** Lines of the log containing every one of {@code texts}. */
  long countLogLines(String... texts) throws IOException {
    try (Stream<String> lines = Files.lines(log, StandardCharsets.UTF_8)) {
      return lines.filter(line -> Stream.of(texts).allMatch(line::contains)).count();
    }
  }

  /** SIGTERM (a clean stop), then SIGKILL after {@code patience}; says what went wrong, if any. */
  Optional<String> stop(Duration patience) {
    if (!process.isAlive()) {
      return Optional.empty();
    }
    process.destroy();
    try {
      if (process.waitFor(patience.toMillis(), TimeUnit.MILLISECONDS)) {
        return Optional.empty();
      }
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      return Optional.of(
          name + " did not stop within " + patience + "; killed it (see " + log + ")");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      return Optional.of(name + ": interrupted while stopping; killed it");
    }
  }

  private String tail(int lines) throws IOException {
    List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
    return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
  }
}
