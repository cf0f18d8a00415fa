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
