package dev.binlake.capture.binlog;

import com.github.shyiko.mysql.binlog.BinaryLogClient;
import com.github.shyiko.mysql.binlog.event.Event;
import com.github.shyiko.mysql.binlog.event.EventType;
import com.github.shyiko.mysql.binlog.event.TableMapEventData;
import com.github.shyiko.mysql.binlog.event.deserialization.EventDeserializer;
import dev.binlake.api.SourceOffset;
import dev.binlake.api.TableId;
import dev.binlake.api.TableSchema;
import dev.binlake.capture.SourceSettings;
import dev.binlake.capture.TableFilter;
import io.debezium.config.CommonConnectorConfig.EventProcessingFailureHandlingMode;
import io.debezium.connector.binlog.event.RowDeserializers;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * binlake's own binlog reader for the streaming phase (issue 6): row events are read with the
 * binlog client library Debezium uses, decoded by Debezium's own row deserializers and turned into
 * binlake's changes without Debezium's per-event framework. It reads plain row changes only; at
 * anything else (DDL or any other statement, a table whose binlog columns it cannot decode into the
 * table's stored shape) it stops before that transaction and hands over to Debezium, which reads on
 * from there with its schema history. Its offsets name the start of the current transaction (or the
 * position after the last one), in Debezium's offset format, so either reader resumes from the
 * other's checkpoint; changes read again after a resume are dropped by the sink's per-table
 * high-water marks.
 *
 * <p>One thread of the client decodes, the reader's own thread maps and hands the changes on, as
 * Debezium's engine splits its work.
 */
public final class DirectReader implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DirectReader.class);
  private static final long HEARTBEAT_MILLIS = 500;

  /** Where the reader's output goes; called on the reader's thread, in binlog order. */
  public interface Listener {
    /** A change or progress; {@code heartbeat} marks progress records of an idle source. */
    void accept(dev.binlake.capture.mapping.Captured captured, boolean heartbeat);

    /**
     * The reader stopped before something Debezium has to read (said by {@code reason}); {@code
     * lasting} if that will not change (a column type binlake's reader does not decode).
     */
    void handOver(String reason, boolean lasting);

    /** The reader stopped on an error (a lost connection among them). */
    void failed(Throwable error);
  }

  private final SourceSettings source;
  private final Function<TableId, Optional<TableSchema>> shapes;
  private final Collations collations;
  private final Listener listener;
  private final BlockingQueue<Object> events = new ArrayBlockingQueue<>(4096);
  private final Map<Long, TableMapEventData> tableMaps = new HashMap<>();
  private final BinaryLogClient client;
  private final Thread thread;
  private final EventMapper mapper;
  private volatile boolean closing;
  // Set once the reader's thread stops reading: the client's thread then drops what it reads.
  private volatile boolean stopped;

  /**
   * @param readByDebezium where Debezium read on to after the last hand-over (its statements are
   *     not handed over again), or null
   * @param shapes each table's stored shape (the newest file's schema), which the binlog's columns
   *     must match
   */
  public DirectReader(
      SourceSettings source,
      SourceOffset start,
      SourceOffset readByDebezium,
      Function<TableId, Optional<TableSchema>> shapes,
      Collations collations,
      Listener listener) {
    this.source = source;
    this.shapes = shapes;
    this.collations = collations;
    this.listener = listener;
    this.mapper =
        new EventMapper(
            start.binlogFile(),
            start.binlogPosition(),
            gtids(start),
            readByDebezium == null
                ? new long[] {0, 0}
                : new long[] {fileNumber(readByDebezium), readByDebezium.binlogPosition()},
            this::table);
    client = new BinaryLogClient(source.host(), source.port(), source.user(), source.password());
    client.setServerId(source.serverId());
    client.setBinlogFilename(start.binlogFile());
    client.setBinlogPosition(start.binlogPosition());
    client.setKeepAlive(false);
    client.setHeartbeatInterval(1000);
    client.setEventDeserializer(deserializer());
    client.registerEventListener(this::enqueue);
    client.registerLifecycleListener(new Lifecycle());
    thread = new Thread(this::run, "binlake-direct-reader");
    thread.setDaemon(true);
  }

  /**
   * The GTID state of a start offset (Debezium's {@code gtids}); empty if it has none, and then the
   * direct reader cannot write offsets that Debezium can resume from.
   */
  public static String gtids(SourceOffset offset) {
    try {
      com.fasterxml.jackson.databind.JsonNode gtids =
          new com.fasterxml.jackson.databind.ObjectMapper().readTree(offset.json()).path("gtids");
      return gtids.isTextual() ? gtids.asText() : "";
    } catch (java.io.IOException e) {
      return "";
    }
  }

  private static long fileNumber(SourceOffset offset) {
    String file = offset.binlogFile();
    return Long.parseLong(file.substring(file.lastIndexOf('.') + 1));
  }

  /** Whether the direct reader can serve this source at all (else Debezium reads throughout). */
  public static Optional<String> unsupported(SourceSettings source) {
    if (source.flavor() != SourceSettings.Flavor.MARIADB) {
      return Optional.of("the direct reader reads MariaDB only");
    }
    if (source.tls().isEnabled()) {
      return Optional.of("the direct reader has no TLS yet");
    }
    if (!source.columns().isEmpty()) {
      return Optional.of("the direct reader does not apply column rules");
    }
    return Optional.empty();
  }

  public void start() throws IOException, java.util.concurrent.TimeoutException {
    client.connect(source.connectTimeout().toMillis());
    thread.start();
    LOG.info("Direct binlog reader started at {}", mapper.position());
  }

  /** Debezium's row deserializers: values as its converters (and binlake's mapping) expect them. */
  private EventDeserializer deserializer() {
    EventDeserializer deserializer =
        new EventDeserializer() {
          @Override
          public Event nextEvent(com.github.shyiko.mysql.binlog.io.ByteArrayInputStream in)
              throws IOException {
            Event event = super.nextEvent(in);
            if (event != null && event.getHeader().getEventType() == EventType.TABLE_MAP) {
              TableMapEventData map = event.getData();
              tableMaps.put(map.getTableId(), map);
            }
            return event;
          }
        };
    EventProcessingFailureHandlingMode fail = EventProcessingFailureHandlingMode.FAIL;
    for (boolean extended : new boolean[] {false, true}) {
      deserializer.setEventDataDeserializer(
          extended ? EventType.EXT_WRITE_ROWS : EventType.WRITE_ROWS,
          new RowDeserializers.WriteRowsDeserializer(tableMaps, fail)
              .setMayContainExtraInformation(extended));
      deserializer.setEventDataDeserializer(
          extended ? EventType.EXT_UPDATE_ROWS : EventType.UPDATE_ROWS,
          new RowDeserializers.UpdateRowsDeserializer(tableMaps, fail)
              .setMayContainExtraInformation(extended));
      deserializer.setEventDataDeserializer(
          extended ? EventType.EXT_DELETE_ROWS : EventType.DELETE_ROWS,
          new RowDeserializers.DeleteRowsDeserializer(tableMaps, fail)
              .setMayContainExtraInformation(extended));
    }
    return deserializer;
  }

  private void enqueue(Object event) {
    try {
      while (!stopped && !events.offer(event, 100, TimeUnit.MILLISECONDS)) {
        // the reader's thread is behind: wait (or drop everything once it stopped)
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private final Map<Long, Resolution> resolved = new HashMap<>();

  private record Resolution(
      TableMapEventData map, BinlogTable table, String reason, boolean lasting) {}

  /** The decoded table of a rows event; null if not captured; throws a hand-over if not decoded. */
  private BinlogTable table(long tableId) {
    TableMapEventData map = tableMaps.get(tableId);
    if (map == null) {
      throw new HandOver("a rows event without its table map (table id " + tableId + ")", false);
    }
    Resolution known = resolved.get(tableId);
    if (known == null || known.map() != map) {
      known = resolve(map);
      resolved.put(tableId, known);
    }
    if (known.reason() != null) {
      throw new HandOver(known.reason(), known.lasting());
    }
    return known.table();
  }

  private Resolution resolve(TableMapEventData map) {
    TableId id = new TableId(map.getDatabase(), map.getTable());
    TableFilter filter = source.tables();
    if (!filter.matches(id)) {
      return new Resolution(map, null, null, false);
    }
    Optional<TableSchema> shape = shapes.apply(id);
    if (shape.isEmpty()) {
      return new Resolution(map, null, "no stored shape of " + id + " yet", false);
    }
    BinlogTable.Resolved table = BinlogTable.of(map, shape.get(), collations);
    return new Resolution(map, table.table(), table.reason(), table.lasting());
  }

  private void run() {
    long lastHeartbeat = System.nanoTime();
    try {
      while (!closing) {
        Object next = events.poll(100, TimeUnit.MILLISECONDS);
        if (next instanceof Event event) {
          for (dev.binlake.capture.mapping.Captured captured : mapper.map(event)) {
            listener.accept(captured, false);
          }
        } else if (next instanceof Throwable error) {
          throw error;
        }
        if (System.nanoTime() - lastHeartbeat > TimeUnit.MILLISECONDS.toNanos(HEARTBEAT_MILLIS)
            && events.isEmpty()) {
          lastHeartbeat = System.nanoTime();
          mapper.idleProgress().ifPresent(progress -> listener.accept(progress, true));
        }
      }
    } catch (HandOver handOver) {
      LOG.info(
          "Direct binlog reader hands over to Debezium at {}: {}",
          mapper.position(),
          handOver.getMessage());
      disconnect();
      if (!closing) {
        listener.handOver(handOver.getMessage(), handOver.lasting);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Throwable e) {
      disconnect();
      if (!closing) {
        listener.failed(e);
      }
    }
  }

  private void disconnect() {
    stopped = true;
    events.clear();
    try {
      client.disconnect();
    } catch (IOException e) {
      LOG.debug("Disconnecting the binlog client: {}", e.toString());
    }
  }

  /** Stops reading; changes already handed on stay handed on. */
  @Override
  public void close() {
    closing = true;
    stopped = true;
    events.clear();
    if (Thread.currentThread() != thread) {
      try {
        thread.join(TimeUnit.SECONDS.toMillis(30));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    disconnect();
  }

  /** Connection trouble reaches the reader's thread through the queue, after the events before. */
  private final class Lifecycle implements BinaryLogClient.LifecycleListener {
    @Override
    public void onConnect(BinaryLogClient client) {}

    @Override
    public void onCommunicationFailure(BinaryLogClient client, Exception ex) {
      offer(ex);
    }

    @Override
    public void onEventDeserializationFailure(BinaryLogClient client, Exception ex) {
      offer(ex);
    }

    @Override
    public void onDisconnect(BinaryLogClient client) {
      if (!closing) {
        offer(new IOException("Connection reset: the source closed the binlog connection"));
      }
    }

    private void offer(Exception error) {
      enqueue(error);
    }
  }

  /** Thrown inside the reader where Debezium must read on. */
  static final class HandOver extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final boolean lasting;

    HandOver(String reason, boolean lasting) {
      super(reason, null, false, false);
      this.lasting = lasting;
    }
  }
}
