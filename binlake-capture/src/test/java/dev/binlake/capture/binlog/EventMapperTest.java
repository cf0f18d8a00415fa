package dev.binlake.capture.binlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.shyiko.mysql.binlog.event.Event;
import com.github.shyiko.mysql.binlog.event.EventData;
import com.github.shyiko.mysql.binlog.event.EventHeaderV4;
import com.github.shyiko.mysql.binlog.event.EventType;
import com.github.shyiko.mysql.binlog.event.MariadbGtidEventData;
import com.github.shyiko.mysql.binlog.event.QueryEventData;
import com.github.shyiko.mysql.binlog.event.TableMapEventData;
import com.github.shyiko.mysql.binlog.event.TableMapEventMetadata;
import com.github.shyiko.mysql.binlog.event.UpdateRowsEventData;
import com.github.shyiko.mysql.binlog.event.WriteRowsEventData;
import com.github.shyiko.mysql.binlog.event.XidEventData;
import dev.binlake.api.Column;
import dev.binlake.api.ColumnType;
import dev.binlake.api.Op;
import dev.binlake.api.OrderKey;
import dev.binlake.api.TableId;
import dev.binlake.api.TableSchema;
import dev.binlake.capture.mapping.Captured;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.AbstractMap;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventMapperTest {
  private static final TableSchema SHAPE =
      new TableSchema(
          new TableId("d", "t"),
          List.of(
              new Column("id", ColumnType.of(ColumnType.Kind.INT64), false, "INT UNSIGNED"),
              new Column("name", ColumnType.of(ColumnType.Kind.STRING), true, "VARCHAR(10)")),
          List.of("id"));

  private final BinlogTable table =
      BinlogTable.of(tableMap(), SHAPE, new Collations(Map.of(45, "utf8mb4"))).table();
  private final EventMapper mapper =
      new EventMapper(
          "mariadb-bin.000003",
          4,
          "0-1-17,1-2-3",
          new long[] {3, 50},
          id -> id == 7 ? table : null);

  @Test
  void offsetsNameTheTransactionStartUntilItsCommit() {
    assertThat(map(EventType.MARIADB_GTID, 100, 140, gtid(0, 18))).isEmpty();
    List<Captured> inserts =
        map(
            EventType.EXT_WRITE_ROWS,
            200,
            260,
            writeRows(row(4294967295L, "grüße"), row(2L, null)));
    assertThat(inserts).hasSize(2);
    Captured.Change first = (Captured.Change) inserts.get(0);
    assertThat(first.record().op()).isEqualTo(Op.INSERT);
    assertThat(first.record().orderKey()).isEqualTo(OrderKey.streamed(3, 200, 0, 0));
    assertThat(first.record().values()).containsExactly(4294967295L, "grüße");
    assertThat(first.offset().json())
        .contains("\"file\":\"mariadb-bin.000003\"", "\"gtids\":\"0-1-17,1-2-3\"", "\"pos\":100");
    assertThat(((Captured.Change) inserts.get(1)).record().orderKey())
        .isEqualTo(OrderKey.streamed(3, 200, 1, 0));
    assertThat(mapper.idleProgress()).as("no progress inside a transaction").isEmpty();

    List<Captured> commit = map(EventType.XID, 300, 331, new XidEventData());
    assertThat(commit).hasSize(1).first().isInstanceOf(Captured.Progress.class);
    assertThat(commit.get(0).offset().json())
        .contains("\"gtids\":\"0-1-18,1-2-3\"", "\"pos\":331", "\"event\":0", "\"row\":0");
    assertThat(mapper.idleProgress()).isPresent();
  }

  @Test
  void aPrimaryKeyUpdateIsADeleteThenAnInsertAsDebeziumGivesIt() {
    map(EventType.MARIADB_GTID, 100, 140, gtid(0, 18));
    UpdateRowsEventData update = new UpdateRowsEventData();
    update.setTableId(7);
    update.setRows(
        List.of(
            new AbstractMap.SimpleEntry<>(row(1L, "a"), row(10L, "a")),
            new AbstractMap.SimpleEntry<>(row(2L, "b"), row(2L, "c"))));
    List<Captured> changes = map(EventType.EXT_UPDATE_ROWS, 200, 260, update);

    assertThat(changes).hasSize(3);
    Captured.Change delete = (Captured.Change) changes.get(0);
    Captured.Change insert = (Captured.Change) changes.get(1);
    Captured.Change plain = (Captured.Change) changes.get(2);
    assertThat(delete.record().op()).isEqualTo(Op.DELETE);
    assertThat(delete.opensKeyUpdate()).isTrue();
    assertThat(delete.record().values()).containsExactly(1L, "a");
    assertThat(delete.record().orderKey()).isEqualTo(OrderKey.streamed(3, 200, 0, 0));
    assertThat(insert.record().op()).isEqualTo(Op.INSERT);
    assertThat(insert.record().values()).containsExactly(10L, "a");
    assertThat(insert.record().orderKey()).isEqualTo(OrderKey.streamed(3, 200, 0, 1));
    assertThat(plain.record().op()).isEqualTo(Op.UPDATE);
    assertThat(plain.record().values()).containsExactly(2L, "c");
    assertThat(plain.record().orderKey()).isEqualTo(OrderKey.streamed(3, 200, 1, 0));
  }

  @Test
  void anyOtherStatementIsLeftToDebezium() {
    map(EventType.MARIADB_GTID, 100, 140, gtid(0, 18));
    QueryEventData ddl = new QueryEventData();
    ddl.setSql("ALTER TABLE t ADD COLUMN c INT");
    assertThatThrownBy(() -> map(EventType.QUERY, 140, 200, ddl))
        .isInstanceOf(DirectReader.HandOver.class)
        .hasMessageContaining("ALTER TABLE t ADD COLUMN c INT");
    assertThat(mapper.position()).isEqualTo("mariadb-bin.000003:100");
  }

  @Test
  void aTableWhoseBinlogColumnsDifferFromItsStoredShapeIsNotDecoded() {
    TableSchema older =
        new TableSchema(SHAPE.table(), List.of(SHAPE.columns().get(0)), SHAPE.primaryKey());
    assertThat(BinlogTable.of(tableMap(), older, new Collations(Map.of(45, "utf8mb4"))).reason())
        .contains("differ from its stored shape");
    TableSchema signed =
        new TableSchema(
            SHAPE.table(),
            List.of(
                new Column("id", ColumnType.of(ColumnType.Kind.INT32), false, "INT"),
                SHAPE.columns().get(1)),
            SHAPE.primaryKey());
    assertThat(BinlogTable.of(tableMap(), signed, new Collations(Map.of(45, "utf8mb4"))).reason())
        .contains("UNSIGNED");
    assertThat(BinlogTable.of(tableMap(), SHAPE, new Collations(Map.of(8, "latin1"))).reason())
        .as("a character set not known")
        .contains("name");
  }

  @Test
  void aStatementDebeziumReadAlreadyIsPassedOver() {
    MariadbGtidEventData ddlGtid = gtid(0, 18);
    ddlGtid.setFlags(MariadbGtidEventData.FL_STANDALONE);
    map(EventType.MARIADB_GTID, 10, 50, ddlGtid);
    QueryEventData ddl = new QueryEventData();
    ddl.setSql("DROP TABLE t2");
    List<Captured> done = map(EventType.QUERY, 50, 90, ddl);
    assertThat(done).hasSize(1);
    assertThat(done.get(0).offset().json()).contains("\"pos\":90", "\"gtids\":\"0-1-18,1-2-3\"");
  }

  private List<Captured> map(EventType type, long position, long next, EventData data) {
    EventHeaderV4 header = new EventHeaderV4();
    header.setEventType(type);
    header.setNextPosition(next);
    header.setEventLength(next - position);
    header.setServerId(1);
    header.setTimestamp(1_700_000_000_000L);
    return mapper.map(new Event(header, data));
  }

  private static MariadbGtidEventData gtid(long domain, long sequence) {
    MariadbGtidEventData data = new MariadbGtidEventData();
    data.setDomainId(domain);
    data.setSequence(sequence);
    return data;
  }

  private static WriteRowsEventData writeRows(Serializable[]... rows) {
    WriteRowsEventData data = new WriteRowsEventData();
    data.setTableId(7);
    data.setRows(List.of(rows));
    return data;
  }

  /** A row as Debezium's deserializers give it: INT as a signed Integer, text as bytes. */
  private static Serializable[] row(long id, String name) {
    return new Serializable[] {
      (int) id, name == null ? null : name.getBytes(StandardCharsets.UTF_8)
    };
  }

  private static TableMapEventData tableMap() {
    TableMapEventData map = new TableMapEventData();
    map.setTableId(7);
    map.setDatabase("d");
    map.setTable("t");
    map.setColumnTypes(new byte[] {3, 15});
    map.setColumnMetadata(new int[] {0, 40});
    BitSet nullable = new BitSet();
    nullable.set(1);
    map.setColumnNullability(nullable);
    TableMapEventMetadata metadata = new TableMapEventMetadata();
    metadata.setColumnNames(List.of("id", "name"));
    BitSet unsigned = new BitSet();
    unsigned.set(0);
    metadata.setSignedness(unsigned);
    metadata.setColumnCharsets(List.of(45));
    map.setEventMetadata(metadata);
    return map;
  }
}
