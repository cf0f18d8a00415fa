package dev.binlake.capture;

/** Heartbeat records in a row at one position, and whether a trailing DDL was confirmed. */
record HeartbeatsAt(BinlogPosition position, int count, Boolean ddlChecked) {
  // Events of one standalone DDL transaction that can each give a heartbeat at its start offset
  // before its DDL is handled: the previous commit and its own Gtid event. One more proves it.
  private static final int HEARTBEATS_AFTER_DDL = 3;

  static HeartbeatsAt next(HeartbeatsAt old, BinlogPosition at) {
    return old != null && old.position.equals(at)
        ? new HeartbeatsAt(at, old.count + 1, old.ddlChecked)
        : new HeartbeatsAt(at, 1, null);
  }

  /** Enough heartbeats at {@code now} that one came after the DDL there was handled. */
  static boolean enoughAt(HeartbeatsAt seen, BinlogPosition now) {
    return seen != null && seen.position.equals(now) && seen.count >= HEARTBEATS_AFTER_DDL;
  }

  /** A confirmed DDL is remembered; otherwise ask again after as many heartbeats. */
  HeartbeatsAt checked(boolean ddl) {
    return ddl ? new HeartbeatsAt(position, count, true) : new HeartbeatsAt(position, 0, null);
  }

  /**
   * Debezium leaves its offset at the start of a standalone DDL transaction (no commit event closes
   * it) and heartbeats repeat that offset. The target is reached if the source says that only this
   * DDL transaction lies before it and enough heartbeats at that offset came after its Gtid event.
   * The checkpoint is not moved: it stays at the DDL transaction's start, and a restart there
   * redelivers only the DDL (its drop markers are dropped as already stored).
   */
  static boolean handledTrailingDdl(
      java.util.concurrent.atomic.AtomicReference<HeartbeatsAt> heartbeats,
      SourceSettings source,
      BinlogPosition now,
      BinlogPosition target) {
    HeartbeatsAt seen = heartbeats.get();
    if (!HeartbeatsAt.enoughAt(seen, now)) {
      return false;
    }
    if (seen.ddlChecked() == null) {
      HeartbeatsAt checked = seen.checked(TrailingDdl.endsAt(source, now, target));
      heartbeats.compareAndSet(seen, checked);
      seen = checked;
    }
    return Boolean.TRUE.equals(seen.ddlChecked());
  }
}
