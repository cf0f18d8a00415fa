package dev.binlake.api;

/** What went wrong, in a few families; the family picks the command-line exit code. */
public enum ErrorCode {
  CONFIG_INVALID(2),
  SOURCE_UNREACHABLE(3),
  SOURCE_ACCESS_DENIED(3),
  BINLOG_DISABLED(4),
  BINLOG_NOT_ROW_BASED(4),
  BINLOG_ROW_IMAGE_NOT_FULL(4),
  MISSING_GRANTS(4),
  SERVER_ID_CLASH(4),
  BINLOG_PURGED(4),
  SOURCE_UNSUPPORTED(4),
  STORAGE_FAILED(5),
  OBJECT_NOT_FOUND(5),
  WAREHOUSE_FAILED(6),
  WAREHOUSE_LOCKED(6),
  CAPTURE_FAILED(7),
  FILE_INVALID(8),
  LOAD_FAILED(8),
  INTERNAL(70);

  private final int exitCode;

  ErrorCode(int exitCode) {
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }
}
