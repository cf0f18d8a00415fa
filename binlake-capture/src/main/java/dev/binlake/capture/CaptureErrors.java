package dev.binlake.capture;

import dev.binlake.api.BinlakeException;
import dev.binlake.api.ErrorCode;

/** Turns Debezium's failures into messages that say what to do. */
final class CaptureErrors {
  private CaptureErrors() {}

  static BinlakeException describe(Throwable error, SourceSettings source) {
    return describe(error, source, java.util.Optional.empty());
  }

  /** Like {@link #describe(Throwable, SourceSettings)}; capture had reached {@code position}. */
  static BinlakeException describe(
      Throwable error, SourceSettings source, java.util.Optional<BinlogPosition> position) {
    if (error instanceof BinlakeException binlake) {
      return binlake;
    }
    String text = chain(error);
    if (UnparseableDdl.matches(text)) {
      return UnparseableDdl.describe(error, text, source, position);
    }
    if (text.contains("no longer available on the server")
        || text.contains("Could not find first log file name in binary log index file")
        || text.contains("Could not find GTID state requested by slave")
        || text.contains("purged binary logs")) {
      return new BinlakeException(
          ErrorCode.BINLOG_PURGED,
          error,
          "Cannot resume capture from %s: the binlog position binlake stopped at was purged"
              + " (raise binlog_expire_logs_seconds on the source; then set"
              + " source.on-purged-binlog: snapshot, or delete the state folder, to take a new"
              + " snapshot)",
          source.address());
    }
    if (text.contains("Access denied")) {
      return new BinlakeException(
          ErrorCode.SOURCE_ACCESS_DENIED,
          error,
          "Cannot capture from %s as '%s': access denied (check source.user and the password,"
              + " and grant SELECT, RELOAD, REPLICATION SLAVE, BINLOG MONITOR)",
          source.address(),
          source.user());
    }
    if (text.contains("same server_uuid/server_id") || text.contains("same server id")) {
      return new BinlakeException(
          ErrorCode.SERVER_ID_CLASH,
          error,
          "Cannot capture from %s: another replica uses server id %d (set source.server-id to a"
              + " number no other replica of this server uses)",
          source.address(),
          source.serverId());
    }
    return new BinlakeException(
        ErrorCode.CAPTURE_FAILED, error, "Capture from %s failed: %s", source.address(), text);
  }

  /** Whether the source went away (server restart, network) rather than refused us. */
  static boolean isConnectionLoss(Throwable error) {
    String text = chain(error);
    return !text.contains("Access denied")
        && (text.contains("Connection refused")
            || text.contains("Communications link failure")
            || text.contains("Socket fail to connect")
            || text.contains("Connection reset")
            || text.contains("Failed to read next byte")
            || text.contains("EOFException")
            || text.contains("Server shutdown in progress"));
  }

  static String firstLine(Throwable error) {
    String text = chain(error);
    int newline = text.indexOf('\n');
    return newline < 0 ? text : text.substring(0, newline);
  }

  private static String chain(Throwable error) {
    StringBuilder text = new StringBuilder();
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (text.length() > 0) {
        text.append(": ");
      }
      text.append(t.getMessage());
      if (t.getCause() == t) {
        break;
      }
    }
    return text.toString();
  }
}
