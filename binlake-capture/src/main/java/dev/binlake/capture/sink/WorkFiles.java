package dev.binlake.capture.sink;

import dev.binlake.api.BinlakeException;
import dev.binlake.api.ErrorCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The folder where change files are written before they are stored. What is left in it after a stop
 * was never stored: its changes come again from the source, so it is deleted at start.
 */
final class WorkFiles {
  private static final Logger LOG = LoggerFactory.getLogger(WorkFiles.class);

  private final Path dir;

  WorkFiles(Path dir) {
    this.dir = dir;
  }

  /** A new, unused file name in the folder, which is created if needed. */
  Path newFile() {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new BinlakeException(
          ErrorCode.STORAGE_FAILED,
          e,
          "Cannot create change file in %s: %s (check that the state folder is writable)",
          dir,
          e.getMessage());
    }
    return dir.resolve(UUID.randomUUID() + ".parquet");
  }

  /** Deletes what earlier runs left behind. */
  void clean() {
    if (!Files.isDirectory(dir)) {
      return;
    }
    try (var files = Files.list(dir)) {
      List<Path> leftovers = files.toList();
      leftovers.forEach(WorkFiles::delete);
    } catch (IOException e) {
      LOG.warn("Cannot clean {}: {}", dir, e.getMessage());
    }
  }

  /** Deletes a file, logging (not throwing) when that fails. */
  static void delete(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      LOG.warn("Cannot delete {}: {}", path, e.getMessage());
    }
  }
}
