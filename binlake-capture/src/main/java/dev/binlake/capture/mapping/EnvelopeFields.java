package dev.binlake.capture.mapping;

import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;

/**
 * The fields binlake reads from one Debezium envelope schema and its {@code source} block, looked
 * up once per schema instead of by name for every row. Reads return the raw value, never the
 * field's default, as {@link Struct#getString} and {@link Struct#getWithoutDefault} do.
 */
record EnvelopeFields(
    Field before,
    Field after,
    Field source,
    Field op,
    Schema sourceSchema,
    Field file,
    Field pos,
    Field row,
    Field snapshot,
    Field tsMs) {

  static EnvelopeFields of(Schema envelope) {
    Field source = envelope.field("source");
    Schema sourceSchema = source == null ? null : source.schema();
    return new EnvelopeFields(
        envelope.field("before"),
        envelope.field("after"),
        source,
        envelope.field("op"),
        sourceSchema,
        sourceSchema == null ? null : sourceSchema.field("file"),
        sourceSchema == null ? null : sourceSchema.field("pos"),
        sourceSchema == null ? null : sourceSchema.field("row"),
        sourceSchema == null ? null : sourceSchema.field("snapshot"),
        sourceSchema == null ? null : sourceSchema.field("ts_ms"));
  }

  /**
   * The value of {@code field} (looked up in {@code struct}'s schema, or an equal one) without
   * default; by name where the field is missing, so the error is Connect's usual one.
   */
  static Object raw(Struct struct, Field field, String name) {
    if (field == null || field.schema().defaultValue() != null) {
      return struct.getWithoutDefault(name);
    }
    return struct.get(field);
  }

  /** Whether {@code struct}'s source block has the schema these fields were taken from. */
  boolean readsSource(Struct sourceStruct) {
    return sourceStruct.schema() == sourceSchema;
  }
}
