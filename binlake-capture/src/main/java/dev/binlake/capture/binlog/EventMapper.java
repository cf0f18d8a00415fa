package dev.binlake.capture.binlog;

import com.github.shyiko.mysql.binlog.event.DeleteRowsEventData;
import com.github.shyiko.mysql.binlog.event.Event;
import com.github.shyiko.mysql.binlog.event.EventHeaderV4;
import com.github.shyiko.mysql.binlog.event.EventType;
import com.github.shyiko.mysql.binlog.event.MariadbGtidEventData;
import com.github.shyiko.mysql.binlog.event.QueryEventData;
import com.github.shyiko.mysql.binlog.event.RotateEventData;
import com.github.shyiko.mysql.binlog.event.UpdateRowsEventData;
import com.github.shyiko.mysql.binlog.event.WriteRowsEventData;
import dev.binlake.api.ChangeRecord;
import dev.binlake.api.Op;
import dev.binlake.api.OrderKey;
import dev.binlake.api.SourceOffset;
import dev.binlake.capture.mapping.Captured;
import dev.binlake.capture.mapping.RecordMapper;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns binlog events into binlake's changes and tracks the position: inside a transaction the
 * offset names the transaction's start (a resume reads the whole transaction again; the sink drops
 * what it stored before), after a commit the position after it. Order keys are those binlake gives
 * Debezium's records: binlog file number, the rows event's position, the row's index in it, and 1
 * for the insert half of a primary-key update.
 */
final class EventMapper {
  /** Events that carry no change and may come between transactions. */
  private static final Set<EventType> BETWEEN =
      EnumSet.of(
          EventType.FORMAT_DESCRIPTION,
          EventType.MARIADB_GTID_LIST,
          EventType.BINLOG_CHECKPOINT,
          EventType.PREVIOUS_GTIDS,
          EventType.HEARTBEAT,
          EventType.STOP,
          EventType.IGNORABLE,
          EventType.ANNOTATE_ROWS,
          EventType.ROWS_QUERY);

  /** The rows event's table: null if not captured; throws a hand-over if it is not decoded. */
  interface Tables {
    BinlogTable table(long tableId);
  }

  private final Tables tables;
  // MariaDB's GTID state per domain ("domain-server-sequence"), as Debezium's offsets carry it:
  // the transactions before the current one; the current one's is added at its commit.
  private final java.util.TreeMap<Long, String> gtids = new java.util.TreeMap<>();
  private long gtidDomain = -1;
  private String gtid;
  private long serverId;
  // Statements of transactions starting at or before this point (binlog file number, position)
  // were read by Debezium already: binlake's reader passes over them.
  private final long[] readByDebezium;
  private boolean standalone;
  private String file;
  private long fileNumber;
  private long committed;
  private long transactionStart = -1;
  private long timestampSeconds;
  private SourceOffset transactionOffset;

  /**
   * @param gtids the start offset's GTID state ({@code 0-1-17,1-2-3})
   * @param readByDebezium binlog file number and position up to which Debezium read the statements
   *     (DDL) it was handed; {@code {0, 0}} for none
   */
  EventMapper(String file, long position, String gtids, long[] readByDebezium, Tables tables) {
    this.tables = tables;
    this.readByDebezium = readByDebezium.clone();
    for (String one : gtids.split(",")) {
      String[] parts = one.strip().split("-");
      if (parts.length == 3) {
        this.gtids.put(Long.parseLong(parts[0]), one.strip());
      }
    }
    rotate(file, position);
  }

  private void rotate(String name, long position) {
    file = name;
    fileNumber = Long.parseLong(name.substring(name.lastIndexOf('.') + 1));
    committed = position;
  }

  String position() {
    return file + ":" + (transactionStart >= 0 ? transactionStart : committed);
  }

  /** Progress at the position after the last transaction, when none is open. */
  Optional<Captured> idleProgress() {
    return transactionStart >= 0
        ? Optional.empty()
        : Optional.of(new Captured.Progress(offset(committed)));
  }

  List<Captured> map(Event event) {
    EventHeaderV4 header = event.getHeader();
    EventType type = header.getEventType();
    if (type == EventType.ROTATE) {
      RotateEventData rotate = event.getData();
      rotate(rotate.getBinlogFilename(), rotate.getBinlogPosition());
      return List.of();
    }
    if (type == EventType.MARIADB_GTID) {
      begin(header);
      MariadbGtidEventData data = event.getData();
      gtidDomain = data.getDomainId();
      standalone = (data.getFlags() & MariadbGtidEventData.FL_STANDALONE) != 0;
      gtid = data.getDomainId() + "-" + header.getServerId() + "-" + data.getSequence();
      return List.of();
    }
    if (type == EventType.QUERY) {
      return query(event.getData(), header);
    }
    if (type == EventType.XID) {
      return commit(header);
    }
    if (type == EventType.TABLE_MAP) {
      return List.of(); // kept by the deserializer for the rows events
    }
    if (EventType.isRowMutation(type)) {
      return rows(event, header, type);
    }
    if (BETWEEN.contains(type)) {
      if (transactionStart < 0 && header.getNextPosition() > committed) {
        committed = header.getNextPosition();
      }
      return List.of();
    }
    throw new DirectReader.HandOver("binlog event " + type + " at " + header.getPosition(), false);
  }

  private void begin(EventHeaderV4 header) {
    if (transactionStart < 0) {
      serverId = header.getServerId();
      transactionStart = header.getPosition();
      timestampSeconds = header.getTimestamp() / 1000L;
      transactionOffset = offset(transactionStart);
    }
  }

  private List<Captured> query(QueryEventData query, EventHeaderV4 header) {
    String sql = query.getSql().strip().toUpperCase(Locale.ROOT);
    if (sql.equals("BEGIN")) {
      begin(header);
      return List.of();
    }
    if (sql.equals("COMMIT") || sql.equals("ROLLBACK")) {
      return commit(header);
    }
    long start = transactionStart >= 0 ? transactionStart : header.getPosition();
    if (fileNumber < readByDebezium[0]
        || (fileNumber == readByDebezium[0] && start <= readByDebezium[1])) {
      // Debezium read this statement when it was handed over: a DDL ends its own transaction.
      return standalone || transactionStart < 0 ? commit(header) : List.of();
    }
    String statement = query.getSql().strip();
    throw new DirectReader.HandOver(
        "statement "
            + (statement.length() > 80 ? statement.substring(0, 80) + "…" : statement)
            + " at "
            + header.getPosition(),
        false);
  }

  private List<Captured> commit(EventHeaderV4 header) {
    standalone = false;
    if (gtid != null) {
      gtids.put(gtidDomain, gtid);
      gtid = null;
    }
    transactionStart = -1;
    transactionOffset = null;
    committed = header.getNextPosition();
    timestampSeconds = header.getTimestamp() / 1000L;
    return List.of(new Captured.Progress(offset(committed)));
  }

  private List<Captured> rows(Event event, EventHeaderV4 header, EventType type) {
    begin(header);
    List<Captured> changes = new ArrayList<>();
    long position = header.getPosition();
    long micros = header.getTimestamp() * 1000L;
    if (EventType.isWrite(type)) {
      WriteRowsEventData data = event.getData();
      BinlogTable table = tables.table(data.getTableId());
      if (table != null) {
        List<Serializable[]> rows = data.getRows();
        for (int i = 0; i < rows.size(); i++) {
          changes.add(change(table, Op.INSERT, table.values(rows.get(i)), position, i, 0, micros));
        }
      }
    } else if (EventType.isUpdate(type)) {
      UpdateRowsEventData data = event.getData();
      BinlogTable table = tables.table(data.getTableId());
      if (table != null) {
        List<Map.Entry<Serializable[], Serializable[]>> rows = data.getRows();
        for (int i = 0; i < rows.size(); i++) {
          Object[] before = table.values(rows.get(i).getKey());
          Object[] after = table.values(rows.get(i).getValue());
          if (table.keyChanged(before, after)) {
            changes.add(change(table, Op.DELETE, before, position, i, 0, micros, true));
            changes.add(change(table, Op.INSERT, after, position, i, 1, micros, false));
          } else {
            changes.add(change(table, Op.UPDATE, after, position, i, 0, micros));
          }
        }
      }
    } else {
      DeleteRowsEventData data = event.getData();
      BinlogTable table = tables.table(data.getTableId());
      if (table != null) {
        List<Serializable[]> rows = data.getRows();
        for (int i = 0; i < rows.size(); i++) {
          changes.add(change(table, Op.DELETE, table.values(rows.get(i)), position, i, 0, micros));
        }
      }
    }
    return changes;
  }

  private Captured.Change change(
      BinlogTable table, Op op, Object[] values, long position, int row, int part, long micros) {
    return change(table, op, values, position, row, part, micros, false);
  }

  /** {@code opensKeyUpdate}: the delete half of a primary-key update (see Captured.Change). */
  private Captured.Change change(
      BinlogTable table,
      Op op,
      Object[] values,
      long position,
      int row,
      int part,
      long micros,
      boolean opensKeyUpdate) {
    OrderKey key = OrderKey.streamed(fileNumber, position, row, part);
    return new Captured.Change(
        new ChangeRecord(
            table.schema(), op, ChangeRecord.Phase.STREAM, key, micros, values, transactionOffset),
        false,
        opensKeyUpdate);
  }

  /** Debezium's offset format; event and row 0: a resume reads the transaction from its start. */
  private SourceOffset offset(long position) {
    Map<String, Object> offset = new LinkedHashMap<>();
    offset.put("file", file);
    offset.put("gtids", String.join(",", gtids.values()));
    offset.put("pos", position);
    offset.put("event", 0L);
    offset.put("row", 0);
    offset.put("server_id", serverId);
    offset.put("ts_sec", timestampSeconds);
    return RecordMapper.offsetOf(offset);
  }
}
