package dev.binlake.cli.run;

import dev.binlake.api.BinlakeException;
import dev.binlake.api.ErrorCode;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** An exclusive lock on the state folder: one running binlake per state folder. */
final class StateLock implements AutoCloseable {
  private final FileChannel channel;
  private final FileLock lock;

  private StateLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /** Locks {@code <state>/<name>.lock}: capture and load halves may share a state folder. */
  static StateLock acquire(Path stateDir, String name) {
    Path file = stateDir.resolve(name + ".lock");
    try {
      Files.createDirectories(stateDir);
      FileChannel channel =
          FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock = channel.tryLock();
      if (lock == null) {
        channel.close();
        throw new BinlakeException(
            ErrorCode.CONFIG_INVALID,
            "Cannot start: another binlake process uses the state folder %s (stop it first, or"
                + " give this one its own state.dir)",
            stateDir);
      }
      return new StateLock(channel, lock);
    } catch (IOException e) {
      throw new BinlakeException(
          ErrorCode.STORAGE_FAILED,
          e,
          "Cannot lock the state folder %s: %s (check that it is writable)",
          stateDir,
          e.getMessage());
    }
  }

  @Override
  public void close() {
    try {
      lock.release();
      channel.close();
    } catch (IOException e) {
      // Closing the channel releases the lock anyway.
    }
  }
}
