package dev.binlake.capture.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.HexFormat;
import java.util.List;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.Test;

class KeySerializerTest {
  /** A key struct with one field per value, typed as the value. */
  private static Struct key(Object... values) {
    SchemaBuilder builder = SchemaBuilder.struct();
    for (int i = 0; i < values.length; i++) {
      Object value = values[i];
      Schema type =
          value instanceof Long
              ? Schema.INT64_SCHEMA
              : value instanceof Integer
                  ? Schema.INT32_SCHEMA
                  : value instanceof Short
                      ? Schema.INT16_SCHEMA
                      : value instanceof Byte
                          ? Schema.INT8_SCHEMA
                          : value instanceof BigDecimal d
                              ? Decimal.schema(d.scale())
                              : value instanceof String
                                  ? Schema.STRING_SCHEMA
                                  : Schema.BYTES_SCHEMA;
      builder.field("k" + i, type);
    }
    Schema schema = builder.build();
    Struct struct = new Struct(schema);
    for (int i = 0; i < values.length; i++) {
      struct.put("k" + i, values[i]);
    }
    return struct;
  }

  @Test
  void writesExactlyWhatJavaSerializationWrites() {
    KeySerializer serializer = new KeySerializer();
    List<Object[]> keys =
        List.of(
            new Object[] {1L},
            new Object[] {Long.MAX_VALUE},
            new Object[] {Long.MIN_VALUE},
            new Object[] {-42L},
            new Object[] {7},
            new Object[] {Integer.MIN_VALUE},
            new Object[] {3L, 4},
            new Object[] {3L, 4L, (short) -5, (byte) 6},
            new Object[] {1L}, // the template of an earlier shape again
            new Object[] {"text key"},
            new Object[] {5L, "mixed"},
            new Object[] {new BigDecimal("12.50")});
    for (Object[] values : keys) {
      assertThat(serializer.serialize(key(values)))
          .as("key %s", List.of(values))
          .isEqualTo(HexFormat.of().formatHex(KeySerializer.serialized(values)));
    }
  }

  @Test
  void integerKeysAreWrittenFromATemplate() {
    KeySerializer serializer = new KeySerializer();
    serializer.serialize(key(1L, 2));
    assertThat(serializer.templated()).isTrue();
  }

  @Test
  void otherKeyTypesCannotBeWritten() {
    assertThat(new KeySerializer().serialize(key((Object) new byte[] {1}))).isNull();
  }
}
