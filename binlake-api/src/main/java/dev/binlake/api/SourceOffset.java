package dev.binlake.api;

import static java.util.Objects.requireNonNull;

/**
 * Where capture resumes so that the change after this one is the next one delivered: the capture
 * engine's own offset, kept as opaque JSON text (only the capture module reads it), plus the binlog
 * file and position for people and for {@code status}.
 */
public record SourceOffset(String json, String binlogFile, long binlogPosition) {
  public SourceOffset {
    requireNonNull(json, "json is null");
    requireNonNull(binlogFile, "binlogFile is null");
  }

  @Override
  public String toString() {
    return binlogFile + ":" + binlogPosition;
  }
}
