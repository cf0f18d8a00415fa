package dev.binlake.capture;

/**
 * When a chunked snapshot that looks over may be taken as over by {@code run --once}: only after it
 * has looked over across {@code heartbeats} further heartbeat records. Debezium emits a chunk's
 * rows when a later event (on an idle source, a heartbeat) closes the chunk's window, so between
 * two chunks the snapshot can look over for a moment; a heartbeat that closes such a window brings
 * rows that make it look busy again and starts the count afresh. Without a chunked snapshot in this
 * engine there is nothing to wait for. Used by one thread.
 */
final class SnapshotSettle {
  private final int heartbeats;
  private long idleSince = -1; // heartbeat records seen when the snapshot last started to look idle

  SnapshotSettle(int heartbeats) {
    this.heartbeats = heartbeats;
  }

  /**
   * @param idle whether the snapshot looks over now
   * @param tookPart whether this engine took part in a chunked snapshot at all
   * @param heartbeatsSeen heartbeat records seen so far
   */
  boolean settled(boolean idle, boolean tookPart, long heartbeatsSeen) {
    if (!idle) {
      idleSince = -1;
      return false;
    }
    if (idleSince < 0) {
      idleSince = heartbeatsSeen;
    }
    return !tookPart || heartbeatsSeen >= idleSince + heartbeats;
  }
}
