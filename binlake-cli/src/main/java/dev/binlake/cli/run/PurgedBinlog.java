package dev.binlake.cli.run;

import dev.binlake.api.BinlakeException;
import dev.binlake.api.ErrorCode;
import dev.binlake.api.SourceOffset;
import dev.binlake.capture.DebeziumProperties;
import dev.binlake.capture.SourceSettings;
import dev.binlake.capture.offset.CheckpointStore;
import dev.binlake.capture.preflight.Preflight;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code source.on-purged-binlog: snapshot}: before capture starts, checks that the binlog file it
 * would resume from still exists on the source. If it was purged, the resume position and
 * Debezium's schema history are moved aside (kept, with a suffix), which makes capture take a new
 * snapshot; the change sink then writes a TRUNCATE marker before each table's new rows. The store,
 * the warehouse and the dead letters stay as they are.
 */
final class PurgedBinlog {
  private static final Logger LOG = LoggerFactory.getLogger(PurgedBinlog.class);

  private PurgedBinlog() {}

  /** Returns whether a new snapshot was arranged. */
  static boolean resnapshotIfPurged(Path stateDir, SourceSettings source) {
    CheckpointStore checkpoints = new CheckpointStore(stateDir);
    Optional<SourceOffset> resume = checkpoints.read().resumeOffset();
    if (resume.isEmpty()) {
      return false;
    }
    String file = resume.get().binlogFile();
    List<String> files = Preflight.binlogFiles(source);
    if (files.contains(file)) {
      return false;
    }
    LOG.warn(
        "The binlog {} that capture would resume from was purged on {} (oldest left: {});"
            + " source.on-purged-binlog is snapshot: taking a new snapshot. History gets a"
            + " TRUNCATE marker per table and then the rows again; changes made since {} are not"
            + " in history one by one.",
        file,
        source.address(),
        files.isEmpty() ? "none" : files.get(0),
        resume.get().binlogFile() + ":" + resume.get().binlogPosition());
    String suffix = ".purged-" + System.currentTimeMillis();
    moveAside(checkpoints.file(), suffix);
    moveAside(stateDir.resolve(DebeziumProperties.SCHEMA_HISTORY_FILE), suffix);
    return true;
  }

  private static void moveAside(Path file, String suffix) {
    if (!Files.exists(file)) {
      return;
    }
    try {
      Files.move(file, file.resolveSibling(file.getFileName() + suffix));
    } catch (IOException e) {
      throw new BinlakeException(
          ErrorCode.STORAGE_FAILED,
          e,
          "Cannot move %s aside for a new snapshot: %s (check that the state folder is"
              + " writable, or delete the file by hand)",
          file,
          e.getMessage());
    }
  }
}
