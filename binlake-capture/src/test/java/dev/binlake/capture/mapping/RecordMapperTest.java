package dev.binlake.capture.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import dev.binlake.api.ChangeRecord;
import dev.binlake.api.ColumnType;
import java.util.Arrays;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

class RecordMapperTest {
  private static final Schema ZONED =
      SchemaBuilder.string().name("io.debezium.time.ZonedTimestamp").optional().build();
  private static final Schema ROW =
      SchemaBuilder.struct()
          .name("binlake.db.t.Value")
          .field("id", Schema.INT32_SCHEMA)
          .field("at", ZONED)
          .field("seen", SchemaBuilder.string().name("io.debezium.time.ZonedTimestamp").build())
          .build();
  private static final Schema KEY =
      SchemaBuilder.struct().name("binlake.db.t.Key").field("id", Schema.INT32_SCHEMA).build();
  private static final Schema SOURCE =
      SchemaBuilder.struct()
          .name("io.debezium.connector.mariadb.Source")
          .field("db", Schema.STRING_SCHEMA)
          .field("table", Schema.STRING_SCHEMA)
          .field("file", Schema.STRING_SCHEMA)
          .field("pos", Schema.INT64_SCHEMA)
          .field("row", Schema.OPTIONAL_INT32_SCHEMA)
          .field("snapshot", Schema.OPTIONAL_STRING_SCHEMA)
          .field("ts_ms", Schema.INT64_SCHEMA)
          .build();
  private static final Schema ENVELOPE =
      SchemaBuilder.struct()
          .name("binlake.db.t.Envelope")
          .field("before", SchemaBuilder.struct().name("binlake.db.t.Value").optional().build())
          .field("after", ROW)
          .field("source", SOURCE)
          .field("op", Schema.STRING_SCHEMA)
          .build();

  @Test
  void zeroTimestampBecomesNullAndIsNamedInTheUnrepresentableColumn() {
    ChangeRecord record = map(1, "1970-01-01T00:00:00Z", "1970-01-01T00:00:00Z");

    assertThat(record.schema().columns())
        .extracting(c -> c.name() + " " + c.type())
        .containsExactly(
            "id INT32",
            "at TIMESTAMP_UTC_MICROS",
            "seen TIMESTAMP_UTC_MICROS",
            "binlake_unrepresentable STRING");
    assertThat(Arrays.asList(record.values())).containsExactly(1, null, null, "at,seen");
  }

  @Test
  void timestampColumnsAreOptionalEvenWhenNotNullBecauseZeroDatesBecomeNull() {
    ChangeRecord record = map(3, "2024-01-02T03:04:05Z", "1970-01-01T00:00:00Z");

    assertThat(record.schema().columns())
        .extracting(c -> c.name() + " " + c.optional())
        .containsExactly("id false", "at true", "seen true", "binlake_unrepresentable true");
    assertThat(Arrays.asList(record.values()))
        .containsExactly(3, 1_704_164_645_000_000L, null, "seen");
  }

  @Test
  void representableTimestampsKeepTheirInstantAndLeaveTheColumnNull() {
    ChangeRecord record = map(2, "1970-01-01T00:00:01Z", "2024-01-02T03:04:05.123456Z");

    assertThat(Arrays.asList(record.values()))
        .containsExactly(2, 1_000_000L, 1_704_164_645_123_456L, null);
    assertThat(record.schema().columns().get(3).type())
        .isEqualTo(ColumnType.of(ColumnType.Kind.STRING));
  }

  @Test
  void int32ColumnsWhoseSourceTypeIsUnsignedAreReadUnsigned() {
    Schema unsigned =
        SchemaBuilder.int32()
            .optional()
            .parameter(ColumnMapping.SOURCE_TYPE, "INTEGER UNSIGNED")
            .parameter(ColumnMapping.SOURCE_LENGTH, "11")
            .build();
    Schema row =
        SchemaBuilder.struct()
            .name("binlake.db.u.Value")
            .field("id", Schema.INT32_SCHEMA)
            .field("c", unsigned)
            .build();
    Schema envelope =
        SchemaBuilder.struct()
            .name("binlake.db.u.Envelope")
            .field("after", row)
            .field("source", SOURCE)
            .field("op", Schema.STRING_SCHEMA)
            .build();
    Struct source =
        new Struct(SOURCE)
            .put("db", "db")
            .put("table", "u")
            .put("file", "mariadb-bin.000001")
            .put("pos", 100L)
            .put("row", 0)
            .put("ts_ms", 1000L);
    Struct value =
        new Struct(envelope)
            .put("after", new Struct(row).put("id", 1).put("c", -1))
            .put("source", source)
            .put("op", "c");
    ChangeRecord record =
        ((Captured.Change)
                new RecordMapper()
                    .map(
                        new SourceRecord(
                            Map.of(),
                            Map.of("file", "mariadb-bin.000001", "pos", 100L),
                            "t",
                            null,
                            KEY,
                            new Struct(KEY).put("id", 1),
                            envelope,
                            value)))
            .record();

    assertThat(record.schema().columns().get(1).type())
        .isEqualTo(ColumnType.of(ColumnType.Kind.INT64));
    assertThat(record.schema().columns().get(1).sourceType()).isEqualTo("INTEGER UNSIGNED(11)");
    assertThat(Arrays.asList(record.values())).containsExactly(1, 4_294_967_295L);
  }

  @Test
  void nullStaysNullInColumnsWithADefault() {
    Schema withDefault = SchemaBuilder.float32().optional().defaultValue(5.6f).build();
    Schema row =
        SchemaBuilder.struct()
            .name("binlake.db.d.Value")
            .field("id", Schema.INT32_SCHEMA)
            .field("f", withDefault)
            .build();
    Schema envelope =
        SchemaBuilder.struct()
            .name("binlake.db.d.Envelope")
            .field("after", row)
            .field("source", SOURCE)
            .field("op", Schema.STRING_SCHEMA)
            .build();
    Struct source =
        new Struct(SOURCE)
            .put("db", "db")
            .put("table", "d")
            .put("file", "mariadb-bin.000001")
            .put("pos", 100L)
            .put("row", 0)
            .put("ts_ms", 1000L);
    Struct after = new Struct(row).put("id", 1);
    after.put("f", null);
    Struct value = new Struct(envelope).put("after", after).put("source", source).put("op", "c");
    ChangeRecord record =
        ((Captured.Change)
                new RecordMapper()
                    .map(
                        new SourceRecord(
                            Map.of(),
                            Map.of("file", "mariadb-bin.000001", "pos", 100L),
                            "t",
                            null,
                            KEY,
                            new Struct(KEY).put("id", 1),
                            envelope,
                            value)))
            .record();

    // Struct.get would return the column's DEFAULT (5.6) here: the source said NULL.
    assertThat(Arrays.asList(record.values())).containsExactly(1, null);
  }

  @Test
  void primaryKeyUpdateHalvesAreMarkedByTheirHeadersAndDeletesReadTheBeforeImage() {
    Schema value =
        SchemaBuilder.struct().name("binlake.db.k.Value").field("id", Schema.INT32_SCHEMA);
    Schema row = value.schema();
    Schema envelope =
        SchemaBuilder.struct()
            .name("binlake.db.k.Envelope")
            .field("before", row)
            .field("after", row)
            .field("source", SOURCE)
            .field("op", Schema.STRING_SCHEMA)
            .build();
    RecordMapper mapper = new RecordMapper();
    Captured.Change delete =
        (Captured.Change) mapper.map(keyUpdateHalf(envelope, row, "d", 0, 5, "__debezium.newkey"));
    Captured.Change insert =
        (Captured.Change) mapper.map(keyUpdateHalf(envelope, row, "c", 0, 6, "__debezium.oldkey"));

    assertThat(delete.opensKeyUpdate()).isTrue();
    assertThat(delete.record().orderKey().value())
        .isEqualTo("00000007-000000000100-1-000000000000-0");
    assertThat(Arrays.asList(delete.record().values())).containsExactly(5);
    assertThat(insert.opensKeyUpdate()).isFalse();
    assertThat(insert.record().orderKey().value())
        .isEqualTo("00000007-000000000100-1-000000000000-1");
    assertThat(Arrays.asList(insert.record().values())).containsExactly(6);
    assertThat(insert.record().commitTimeMicros()).isEqualTo(1_000_000L);
    assertThat(insert.offset().json())
        .isEqualTo("{\"file\":\"mariadb-bin.000007\",\"pos\":100,\"row\":1}");
  }

  private static SourceRecord keyUpdateHalf(
      Schema envelope, Schema row, String op, int rowIndex, int id, String header) {
    Struct source =
        new Struct(SOURCE)
            .put("db", "db")
            .put("table", "k")
            .put("file", "mariadb-bin.000007")
            .put("pos", 100L)
            .put("row", rowIndex)
            .put("ts_ms", 1000L);
    Struct value =
        new Struct(envelope)
            .put("d".equals(op) ? "before" : "after", new Struct(row).put("id", id))
            .put("source", source)
            .put("op", op);
    SourceRecord record =
        new SourceRecord(
            Map.of(),
            Map.of("file", "mariadb-bin.000007", "pos", 100L, "row", 1),
            "t",
            null,
            KEY,
            new Struct(KEY).put("id", id),
            envelope,
            value);
    record.headers().addString(header, "k");
    return record;
  }

  @Test
  void truncateBecomesAMarkerWithEveryColumnNullAndOptional() {
    SchemaBuilder optionalRow = SchemaBuilder.struct().name("binlake.db.t.Value").optional();
    ROW.fields().forEach(f -> optionalRow.field(f.name(), f.schema()));
    Schema envelope =
        SchemaBuilder.struct()
            .name("binlake.db.t.Envelope")
            .field("before", optionalRow.build())
            .field("after", optionalRow.build())
            .field("source", SOURCE)
            .field("op", Schema.STRING_SCHEMA)
            .build();
    Captured captured =
        new RecordMapper()
            .map(
                new SourceRecord(
                    Map.of(),
                    Map.of("file", "mariadb-bin.000001", "pos", 700L),
                    "binlake.db.t",
                    null,
                    KEY,
                    null,
                    envelope,
                    new Struct(envelope).put("source", source(700L)).put("op", "t")));

    ChangeRecord record = ((Captured.Change) captured).record();
    assertThat(record.op()).isEqualTo(dev.binlake.api.Op.TRUNCATE);
    assertThat(record.orderKey()).isEqualTo(dev.binlake.api.OrderKey.streamed(1, 700, 0, 0));
    assertThat(record.schema().columns())
        .extracting(c -> c.name() + " " + c.optional())
        .containsExactly("id true", "at true", "seen true", "binlake_unrepresentable true");
    assertThat(record.schema().primaryKey()).containsExactly("id");
    assertThat(Arrays.asList(record.values())).hasSize(4).containsOnlyNulls();
  }

  @Test
  void dropTableSchemaChangeNamesTheDroppedTables() {
    Schema change =
        SchemaBuilder.struct()
            .name("io.debezium.connector.schema.Change")
            .field("type", Schema.STRING_SCHEMA)
            .field("id", Schema.STRING_SCHEMA)
            .build();
    Schema value =
        SchemaBuilder.struct()
            .name("io.debezium.connector.mariadb.SchemaChangeValue")
            .field("source", SOURCE)
            .field("ddl", Schema.STRING_SCHEMA)
            .field("tableChanges", SchemaBuilder.array(change).build())
            .build();
    Struct struct =
        new Struct(value)
            .put("source", source(900L))
            .put("ddl", "DROP TABLE a, `b.c`")
            .put(
                "tableChanges",
                java.util.List.of(
                    new Struct(change).put("type", "DROP").put("id", "\"db\".\"a\""),
                    new Struct(change).put("type", "DROP").put("id", "\"db\".\"b.c\""),
                    new Struct(change).put("type", "ALTER").put("id", "\"db\".\"x\"")));

    Captured captured =
        new RecordMapper()
            .map(
                new SourceRecord(
                    Map.of(),
                    Map.of("file", "mariadb-bin.000001", "pos", 900L),
                    "binlake",
                    null,
                    null,
                    null,
                    value,
                    struct));

    assertThat(captured)
        .isEqualTo(
            new Captured.TablesDropped(
                java.util.List.of(
                    new dev.binlake.api.TableId("db", "a"),
                    new dev.binlake.api.TableId("db", "b.c")),
                dev.binlake.api.OrderKey.streamed(1, 900, 0, 0),
                1_000_000L,
                captured.offset()));
  }

  private static Struct source(long pos) {
    return new Struct(SOURCE)
        .put("db", "db")
        .put("table", "t")
        .put("file", "mariadb-bin.000001")
        .put("pos", pos)
        .put("row", 0)
        .put("ts_ms", 1000L);
  }

  private static ChangeRecord map(int id, String at, String seen) {
    Struct source =
        new Struct(SOURCE)
            .put("db", "db")
            .put("table", "t")
            .put("file", "mariadb-bin.000001")
            .put("pos", 100L)
            .put("row", 0)
            .put("ts_ms", 1000L);
    Struct row = new Struct(ROW).put("id", id).put("at", at).put("seen", seen);
    Struct value = new Struct(ENVELOPE).put("after", row).put("source", source).put("op", "c");
    SourceRecord record =
        new SourceRecord(
            Map.of("server", "binlake"),
            Map.of("file", "mariadb-bin.000001", "pos", 100L),
            "binlake.db.t",
            null,
            KEY,
            new Struct(KEY).put("id", id),
            ENVELOPE,
            value);
    Captured captured = new RecordMapper().map(record);
    assertThat(captured).isInstanceOf(Captured.Change.class);
    return ((Captured.Change) captured).record();
  }
}
