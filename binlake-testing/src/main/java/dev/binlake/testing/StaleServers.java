package dev.binlake.testing;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes throwaway servers whose JVM died without running its shutdown hook (kill -9, a crashed
 * fork): each server folder names its owner JVM's pid; when that JVM is gone, its mariadbd is
 * killed (only if the pid still belongs to a mariadbd) and the folder deleted.
 */
final class StaleServers {
  static final String FOLDER_PREFIX = "binlake-mariadb-";
  static final String OWNER_FILE = "owner.pid";
  static final String PID_FILE = "mariadbd.pid";

  private static final Logger log = LoggerFactory.getLogger(StaleServers.class);
  private static final AtomicBoolean swept = new AtomicBoolean();

  private StaleServers() {}

  static void sweepOnce() {
    if (swept.compareAndSet(false, true)) {
      sweep(Path.of(System.getProperty("java.io.tmpdir")));
    }
  }

  static void sweep(Path parent) {
    try (DirectoryStream<Path> folders = Files.newDirectoryStream(parent, FOLDER_PREFIX + "*")) {
      for (Path folder : folders) {
        Optional<Long> owner = readPid(folder.resolve(OWNER_FILE));
        if (owner.isEmpty()
            || ProcessHandle.of(owner.get()).map(ProcessHandle::isAlive).orElse(false)) {
          continue; // being created right now, or its JVM still runs
        }
        readPid(folder.resolve(PID_FILE))
            .flatMap(ProcessHandle::of)
            .filter(StaleServers::isMariadbd)
            .ifPresent(
                server -> {
                  log.info(
                      "Killing MariaDB pid {} left behind by dead JVM {}", server.pid(), owner);
                  server.destroyForcibly();
                  server.onExit().orTimeout(10, TimeUnit.SECONDS).join();
                });
        TreeDeletion.delete(folder);
      }
    } catch (IOException | RuntimeException e) {
      log.warn("Cannot clean up servers left by earlier test runs in {}: {}", parent, e.toString());
    }
  }

  private static boolean isMariadbd(ProcessHandle process) {
    return process.info().command().map(command -> command.endsWith("mariadbd")).orElse(false);
  }

  private static Optional<Long> readPid(Path file) {
    try {
      return Optional.of(Long.parseLong(Files.readString(file).trim()));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }
}
