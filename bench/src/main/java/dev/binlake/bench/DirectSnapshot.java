package dev.binlake.bench;

import dev.binlake.api.ChangeRecord;
import dev.binlake.api.Column;
import dev.binlake.api.ColumnType;
import dev.binlake.api.ColumnType.Kind;
import dev.binlake.api.Op;
import dev.binlake.api.OrderKey;
import dev.binlake.api.SourceOffset;
import dev.binlake.api.TableId;
import dev.binlake.api.TableSchema;
import dev.binlake.capture.mapping.Captured;
import dev.binlake.capture.sink.ChangeSink;
import dev.binlake.testing.ThrowawayMariaDb;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Prototype of a snapshot read without Debezium, to measure what stands between binlake's snapshot
 * and {@code mariadb-dump}: one consistent-snapshot transaction (MariaDB names the binlog position
 * it matches, {@code binlog_snapshot_file/position}, so streaming could start there without a
 * lock), the table read with a streaming result set on one thread and written through binlake's own
 * sink (Parquet files, store, checkpoints) on another. Measurement only: it knows the snapshot
 * benchmark's table, and unlike binlake's chunked snapshot a crash would start it over.
 */
final class DirectSnapshot {
  private static final int BATCH = 1024;
  private static final Object[][] END = new Object[0][];

  private DirectSnapshot() {}

  static Map<String, Object> run(String host, int port, String database, Path dir)
      throws Exception {
    TableSchema schema = schema(database);
    ChangeSink sink = Prototypes.sink(dir);
    long start = System.nanoTime();
    BlockingQueue<Object[][]> batches = new ArrayBlockingQueue<>(64);
    String[] position = new String[2];
    Throwable[] failure = new Throwable[1];
    Thread reader =
        new Thread(
            () -> {
              try {
                read(host, port, database, position, batches);
              } catch (Throwable e) {
                failure[0] = e;
              } finally {
                try {
                  batches.put(END);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              }
            },
            "direct-snapshot-reader");
    reader.start();
    long rows = 0;
    long micros = System.currentTimeMillis() * 1000L;
    SourceOffset offset = null;
    long fileNumber = 0;
    long binlogPosition = 0;
    for (Object[][] batch = batches.take(); batch != END; batch = batches.take()) {
      if (offset == null) {
        fileNumber = Long.parseLong(position[0].substring(position[0].lastIndexOf('.') + 1));
        binlogPosition = Long.parseLong(position[1]);
        offset =
            new SourceOffset(
                "{\"file\":\"" + position[0] + "\",\"pos\":" + position[1] + "}",
                position[0],
                binlogPosition);
      }
      for (Object[] values : batch) {
        OrderKey key = OrderKey.snapshot(fileNumber, binlogPosition, ++rows);
        sink.accept(
            new Captured.Change(
                new ChangeRecord(
                    schema, Op.INSERT, ChangeRecord.Phase.SNAPSHOT, key, micros, values, offset),
                false));
      }
    }
    reader.join(TimeUnit.SECONDS.toMillis(60));
    if (failure[0] != null) {
      throw new IllegalStateException("direct snapshot read failed", failure[0]);
    }
    sink.flush();
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("seconds", (System.nanoTime() - start) / 1e9);
    result.put("rows", rows);
    result.put("files", sink.counters().files());
    return result;
  }

  /** Reads the table in one consistent snapshot; {@code position} gets its binlog position. */
  private static void read(
      String host, int port, String database, String[] position, BlockingQueue<Object[][]> out)
      throws Exception {
    String url = "jdbc:mariadb://" + host + ":" + port + "/" + database;
    try (Connection connection = DriverManager.getConnection(url, "root", "");
        Statement statement = connection.createStatement()) {
      connection.setAutoCommit(false);
      statement.execute("START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY");
      try (ResultSet status = statement.executeQuery("SHOW STATUS LIKE 'binlog_snapshot_%'")) {
        while (status.next()) {
          position[status.getString(1).endsWith("file") ? 0 : 1] = status.getString(2);
        }
      }
      statement.setFetchSize(BATCH);
      try (ResultSet rs =
          statement.executeQuery(
              "SELECT id, qty, amount, ratio, name, code, created, day, active, notes FROM wide")) {
        Object[][] batch = new Object[BATCH][];
        int size = 0;
        while (rs.next()) {
          Object[] values = new Object[10];
          values[0] = rs.getLong(1);
          values[1] = rs.getInt(2);
          values[2] = rs.getBigDecimal(3);
          double ratio = rs.getDouble(4);
          values[3] = rs.wasNull() ? null : ratio;
          values[4] = rs.getString(5);
          values[5] = rs.getString(6);
          LocalDateTime created = rs.getObject(7, LocalDateTime.class);
          values[6] = created == null ? null : micros(created);
          LocalDate day = rs.getObject(8, LocalDate.class);
          values[7] = day == null ? null : (int) day.toEpochDay();
          int active = rs.getInt(9);
          values[8] = rs.wasNull() ? null : active;
          values[9] = rs.getString(10);
          batch[size++] = values;
          if (size == BATCH) {
            out.put(batch);
            batch = new Object[BATCH][];
            size = 0;
          }
        }
        if (size > 0) {
          out.put(java.util.Arrays.copyOf(batch, size));
        }
      }
      connection.commit();
    }
  }

  private static long micros(LocalDateTime time) {
    return time.toEpochSecond(ZoneOffset.UTC) * 1_000_000L + time.getNano() / 1000;
  }

  /** The benchmark table as binlake's Debezium mapping types it. */
  private static TableSchema schema(String database) {
    return new TableSchema(
        new TableId(database, "wide"),
        List.of(
            new Column("id", ColumnType.of(Kind.INT64), false, "BIGINT"),
            new Column("qty", ColumnType.of(Kind.INT32), false, "INT"),
            new Column("amount", ColumnType.decimal(12, 2), true, "DECIMAL"),
            new Column("ratio", ColumnType.of(Kind.FLOAT64), true, "DOUBLE"),
            new Column("name", ColumnType.of(Kind.STRING), true, "VARCHAR"),
            new Column("code", ColumnType.of(Kind.STRING), true, "CHAR"),
            new Column("created", ColumnType.of(Kind.TIMESTAMP_MICROS), true, "DATETIME"),
            new Column("day", ColumnType.of(Kind.DATE), true, "DATE"),
            new Column("active", ColumnType.of(Kind.INT32), true, "TINYINT"),
            new Column("notes", ColumnType.of(Kind.STRING), true, "TEXT")),
        List.of("id"));
  }

  /** Rows that differ (op and every value) between binlake's snapshot files and the prototype's. */
  static long differences(Path binlakeFiles, Path directFiles) throws Exception {
    String columns = "\"Op\", id, qty, amount, ratio, name, code, created, day, active, notes";
    String left = "SELECT " + columns + " FROM read_parquet('" + binlakeFiles + "/*/*.parquet')";
    String right = "SELECT " + columns + " FROM read_parquet('" + directFiles + "/*/*.parquet')";
    return Prototypes.differences(left, right);
  }

  /** The child task that runs the prototype over the snapshot table. */
  static Map<String, Object> task(ThrowawayMariaDb db, Path dir) {
    Map<String, Object> task = new LinkedHashMap<>();
    task.put("kind", "direct-snapshot");
    task.put("host", db.host());
    task.put("port", db.port());
    task.put("database", Workload.SNAP_DB);
    task.put("dir", dir.toString());
    return task;
  }
}
