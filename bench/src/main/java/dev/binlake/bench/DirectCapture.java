package dev.binlake.bench;

import com.github.shyiko.mysql.binlog.BinaryLogClient;
import com.github.shyiko.mysql.binlog.event.DeleteRowsEventData;
import com.github.shyiko.mysql.binlog.event.Event;
import com.github.shyiko.mysql.binlog.event.EventHeaderV4;
import com.github.shyiko.mysql.binlog.event.EventType;
import com.github.shyiko.mysql.binlog.event.RotateEventData;
import com.github.shyiko.mysql.binlog.event.TableMapEventData;
import com.github.shyiko.mysql.binlog.event.UpdateRowsEventData;
import com.github.shyiko.mysql.binlog.event.WriteRowsEventData;
import com.github.shyiko.mysql.binlog.event.deserialization.EventDeserializer;
import dev.binlake.api.ChangeRecord;
import dev.binlake.api.Column;
import dev.binlake.api.ColumnType;
import dev.binlake.api.Op;
import dev.binlake.api.OrderKey;
import dev.binlake.api.SourceOffset;
import dev.binlake.api.TableId;
import dev.binlake.api.TableSchema;
import dev.binlake.capture.mapping.Captured;
import dev.binlake.capture.sink.ChangeSink;
import dev.binlake.testing.ThrowawayMariaDb;
import java.io.Serializable;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Prototype of the faster streaming path that issue 6 asks to measure: row events read with the
 * binlog client library Debezium itself uses, turned into binlake change records and written
 * through binlake's own sink (Parquet files, store, checkpoints), without Debezium's per-event
 * Kafka Connect structs, metrics text and offset maps. Measurement only: it knows the capture
 * benchmark's column types (BIGINT, INT, VARCHAR as UTF-8, DECIMAL, DATETIME), reads the schema
 * from information_schema once instead of following DDL through Debezium's parser and schema
 * history, and stops after the expected number of changes. The client's thread decodes; a second
 * thread maps and writes, as Debezium's engine splits its work.
 */
final class DirectCapture {
  private DirectCapture() {}

  static Map<String, Object> run(
      String host,
      int port,
      long serverId,
      String database,
      String binlogFile,
      long expected,
      Path dir,
      long timeoutSeconds)
      throws Exception {
    Map<TableId, Table> tables = tables(host, port, database);
    ChangeSink sink = Prototypes.sink(dir);
    BinaryLogClient client = new BinaryLogClient(host, port, "root", "");
    client.setServerId(serverId);
    client.setBinlogFilename(binlogFile);
    client.setBinlogPosition(4);
    client.setKeepAlive(false);
    EventDeserializer deserializer = new EventDeserializer();
    deserializer.setCompatibilityMode(
        EventDeserializer.CompatibilityMode.DATE_AND_TIME_AS_LONG_MICRO,
        EventDeserializer.CompatibilityMode.CHAR_AND_BINARY_AS_BYTE_ARRAY);
    client.setEventDeserializer(deserializer);
    BlockingQueue<Object> events = new ArrayBlockingQueue<>(4096);
    client.registerEventListener(
        event -> {
          try {
            events.put(event);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
    long start = System.nanoTime();
    client.connect(10_000);
    Mapper mapper = new Mapper(tables, binlogFile);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
    while (mapper.changes < expected) {
      Object next = events.poll(1, TimeUnit.SECONDS);
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "direct capture saw " + mapper.changes + " of " + expected + " changes in time");
      }
      if (next instanceof Event event) {
        for (ChangeRecord record : mapper.map(event)) {
          sink.accept(new Captured.Change(record, false));
        }
      }
    }
    sink.flush();
    double seconds = (System.nanoTime() - start) / 1e9;
    client.disconnect();
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("seconds", seconds);
    result.put("changes", mapper.changes);
    result.put("files", sink.counters().files());
    return result;
  }

  /** The child task that runs the prototype over the backlog from {@code binlogFile} on. */
  static Map<String, Object> task(ThrowawayMariaDb db, String binlogFile, long expected, Path dir) {
    Map<String, Object> task = new LinkedHashMap<>();
    task.put("kind", "direct-binlog");
    task.put("host", db.host());
    task.put("port", db.port());
    task.put("serverId", 5403);
    task.put("database", Workload.DRAIN_DB);
    task.put("binlogFile", Path.of(binlogFile).getFileName().toString());
    task.put("expected", expected);
    task.put("dir", dir.toString());
    task.put("timeoutSeconds", 1800);
    return task;
  }

  /**
   * Rows that differ (op, order key and every value) between the prototype's change files and the
   * changes binlake stored of the same binlog files (from {@code firstLog} on), both ways.
   */
  static long differences(Path binlakeFiles, Path directFiles, String firstLog) throws Exception {
    return differences(binlakeFiles, directFiles, firstLog, false);
  }

  /**
   * The same; with {@code bothSince} the second side's files are also read from {@code firstLog} on
   * (they hold earlier changes too, such as the seed rows' snapshot).
   */
  static long differences(Path binlakeFiles, Path directFiles, String firstLog, boolean bothSince)
      throws Exception {
    String since =
        String.format("%08d", Long.parseLong(firstLog.substring(firstLog.indexOf('.') + 1)));
    String columns = "\"Op\", binlake_order, id, a, b, c, d";
    String left =
        "SELECT "
            + columns
            + " FROM read_parquet('"
            + binlakeFiles
            + "/*/*.parquet')"
            + " WHERE binlake_order >= '"
            + since
            + "'";
    String right =
        "SELECT "
            + columns
            + " FROM read_parquet('"
            + directFiles
            + "/*/*.parquet')"
            + (bothSince ? " WHERE binlake_order >= '" + since + "'" : "");
    return Prototypes.differences(left, right);
  }

  /** Turns row events into change records; the table map event before them says the table. */
  private static final class Mapper {
    private final Map<TableId, Table> tables;
    private final Map<Long, Table> byId = new HashMap<>();
    private String file;
    private long fileNumber;
    long changes;

    Mapper(Map<TableId, Table> tables, String file) {
      this.tables = tables;
      rotate(file);
    }

    private void rotate(String name) {
      file = name;
      fileNumber = Long.parseLong(name.substring(name.lastIndexOf('.') + 1));
    }

    List<ChangeRecord> map(Event event) {
      EventType type = event.getHeader().getEventType();
      if (type == EventType.ROTATE) {
        rotate(((RotateEventData) event.getData()).getBinlogFilename());
        return List.of();
      }
      if (type == EventType.TABLE_MAP) {
        TableMapEventData map = event.getData();
        Table table = tables.get(new TableId(map.getDatabase(), map.getTable()));
        if (table != null) {
          byId.put(map.getTableId(), table);
        } else {
          byId.remove(map.getTableId());
        }
        return List.of();
      }
      List<ChangeRecord> records = new ArrayList<>();
      EventHeaderV4 header = event.getHeader();
      long position = header.getPosition();
      long micros = header.getTimestamp() * 1000L;
      SourceOffset offset =
          new SourceOffset(
              "{\"file\":\"" + file + "\",\"pos\":" + header.getNextPosition() + "}",
              file,
              header.getNextPosition());
      if (EventType.isWrite(type)) {
        WriteRowsEventData data = event.getData();
        add(records, Op.INSERT, data.getTableId(), data.getRows(), position, micros, offset);
      } else if (EventType.isUpdate(type)) {
        UpdateRowsEventData data = event.getData();
        List<Serializable[]> after = data.getRows().stream().map(Map.Entry::getValue).toList();
        add(records, Op.UPDATE, data.getTableId(), after, position, micros, offset);
      } else if (EventType.isDelete(type)) {
        DeleteRowsEventData data = event.getData();
        add(records, Op.DELETE, data.getTableId(), data.getRows(), position, micros, offset);
      }
      changes += records.size();
      return records;
    }

    /** One change record per row of a captured table's rows event. */
    private void add(
        List<ChangeRecord> records,
        Op op,
        long tableId,
        List<Serializable[]> rows,
        long position,
        long micros,
        SourceOffset offset) {
      Table table = byId.get(tableId);
      if (table == null) {
        return;
      }
      for (int i = 0; i < rows.size(); i++) {
        records.add(table.record(op, key(position, i), micros, rows.get(i), offset));
      }
    }

    private OrderKey key(long position, int row) {
      return OrderKey.streamed(fileNumber, position, row, 0);
    }
  }

  /** A captured table: its binlake schema and one value conversion per column. */
  private record Table(TableSchema schema, List<Function<Serializable, Object>> conversions) {
    ChangeRecord record(Op op, OrderKey key, long micros, Serializable[] row, SourceOffset offset) {
      Object[] values = new Object[row.length];
      for (int i = 0; i < row.length; i++) {
        values[i] = row[i] == null ? null : conversions.get(i).apply(row[i]);
      }
      return new ChangeRecord(schema, op, ChangeRecord.Phase.STREAM, key, micros, values, offset);
    }
  }

  private static Map<TableId, Table> tables(String host, int port, String database)
      throws Exception {
    Map<TableId, List<Column>> columns = new LinkedHashMap<>();
    Map<TableId, List<Function<Serializable, Object>>> conversions = new HashMap<>();
    Map<TableId, List<String>> keys = new HashMap<>();
    String url = "jdbc:mariadb://" + host + ":" + port + "/";
    try (Connection connection = DriverManager.getConnection(url, "root", "");
        Statement statement = connection.createStatement();
        ResultSet rs =
            statement.executeQuery(
                "SELECT TABLE_NAME, COLUMN_NAME, DATA_TYPE, NUMERIC_PRECISION, NUMERIC_SCALE,"
                    + " IS_NULLABLE, COLUMN_TYPE, COLUMN_KEY FROM information_schema.COLUMNS"
                    + " WHERE TABLE_SCHEMA = '"
                    + database
                    + "' ORDER BY TABLE_NAME, ORDINAL_POSITION")) {
      while (rs.next()) {
        TableId table = new TableId(database, rs.getString(1));
        String name = rs.getString(2);
        String type = rs.getString(3).toLowerCase();
        ColumnType columnType;
        Function<Serializable, Object> conversion;
        switch (type) {
          case "bigint" -> {
            columnType = ColumnType.of(ColumnType.Kind.INT64);
            conversion = v -> ((Number) v).longValue();
          }
          case "int" -> {
            columnType = ColumnType.of(ColumnType.Kind.INT32);
            conversion = v -> ((Number) v).intValue();
          }
          case "varchar", "char", "text" -> {
            columnType = ColumnType.of(ColumnType.Kind.STRING);
            conversion =
                v -> v instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : v.toString();
          }
          case "decimal" -> {
            int scale = rs.getInt(5);
            columnType = ColumnType.decimal(rs.getInt(4), scale);
            conversion = v -> ((BigDecimal) v).setScale(scale);
          }
          case "datetime" -> {
            columnType = ColumnType.of(ColumnType.Kind.TIMESTAMP_MICROS);
            conversion = v -> ((Number) v).longValue();
          }
          default ->
              throw new IllegalArgumentException(
                  "the direct-capture prototype does not handle " + type + " (" + name + ")");
        }
        columns
            .computeIfAbsent(table, t -> new ArrayList<>())
            .add(new Column(name, columnType, "YES".equals(rs.getString(6)), rs.getString(7)));
        conversions.computeIfAbsent(table, t -> new ArrayList<>()).add(conversion);
        if ("PRI".equals(rs.getString(8))) {
          keys.computeIfAbsent(table, t -> new ArrayList<>()).add(name);
        }
      }
    }
    Map<TableId, Table> tables = new HashMap<>();
    columns.forEach(
        (table, list) ->
            tables.put(
                table,
                new Table(
                    new TableSchema(table, list, keys.getOrDefault(table, List.of())),
                    conversions.get(table))));
    return tables;
  }
}
