package dev.binlake.capture;

import static java.util.Objects.requireNonNull;

import dev.binlake.api.SourceOffset;

/** A binlog file and position, ordered by file number then position. */
public record BinlogPosition(String file, long position) implements Comparable<BinlogPosition> {
  public BinlogPosition {
    requireNonNull(file, "file is null");
  }

  public static BinlogPosition of(SourceOffset offset) {
    return new BinlogPosition(offset.binlogFile(), offset.binlogPosition());
  }

  public long fileNumber() {
    int dot = file.lastIndexOf('.');
    return dot < 0 ? 0 : Long.parseLong(file.substring(dot + 1));
  }

  @Override
  public int compareTo(BinlogPosition other) {
    // The same file name is the same file number; parsing is only needed across files.
    int byFile = file.equals(other.file) ? 0 : Long.compare(fileNumber(), other.fileNumber());
    return byFile != 0 ? byFile : Long.compare(position, other.position);
  }

  @Override
  public String toString() {
    return file + ":" + position;
  }
}
