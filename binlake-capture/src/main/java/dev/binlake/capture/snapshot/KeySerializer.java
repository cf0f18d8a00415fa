package dev.binlake.capture.snapshot;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;

/**
 * Writes a primary key the way Debezium stores the last snapshot key in its offsets: a serialized
 * {@code Object[]} as hex. This runs for every chunk row, and Java serialization costs far more
 * than the rest of the row's handling, so keys of fixed-width integers (the usual case) are written
 * from a template: the serialized bytes of one key of the same types, with each value's bytes put
 * in place. The template is checked against real serialization once before it is used; other keys
 * (text, decimals) are serialized each time. Not thread-safe.
 */
final class KeySerializer {
  private static final HexFormat HEX = HexFormat.of();

  private Class<?>[] templateTypes = new Class<?>[0];
  private Template template;

  /** The key as Debezium writes it, or null for key types it cannot be written with. */
  String serialize(Struct key) {
    List<Field> fields = key.schema().fields();
    Object[] values = new Object[fields.size()];
    boolean fixedWidth = true;
    for (int i = 0; i < values.length; i++) {
      Object value = key.get(fields.get(i));
      if (!(value instanceof String || isPlainNumber(value))) {
        return null;
      }
      values[i] = value;
      fixedWidth &= width(value) > 0;
    }
    if (fixedWidth) {
      Template fast = templateFor(values);
      if (fast != null) {
        return fast.write(values);
      }
    }
    byte[] bytes = serialized(values);
    return bytes == null ? null : HEX.formatHex(bytes);
  }

  /** Whether the last integer key was written from a template (for tests). */
  boolean templated() {
    return template != null;
  }

  private Template templateFor(Object[] values) {
    boolean same = templateTypes.length == values.length;
    for (int i = 0; same && i < values.length; i++) {
      same = templateTypes[i] == values[i].getClass();
    }
    if (!same) {
      templateTypes = new Class<?>[values.length];
      for (int i = 0; i < values.length; i++) {
        templateTypes[i] = values[i].getClass();
      }
      template = Template.build(templateTypes);
    }
    return template;
  }

  private static boolean isPlainNumber(Object value) {
    return value instanceof Integer
        || value instanceof Long
        || value instanceof Short
        || value instanceof Byte
        || value instanceof BigDecimal;
  }

  /** Bytes of a fixed-width integer value; 0 for other values. */
  private static int width(Object value) {
    if (value instanceof Long) {
      return 8;
    }
    if (value instanceof Integer) {
      return 4;
    }
    if (value instanceof Short) {
      return 2;
    }
    return value instanceof Byte ? 1 : 0;
  }

  static byte[] serialized(Object[] values) {
    try (ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(values);
      out.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      return null;
    }
  }

  /** The serialized bytes of a key of given integer types, and where each value's bytes sit. */
  private record Template(byte[] bytes, int[][] positions) {
    static Template build(Class<?>[] types) {
      byte[] zeros = serialized(sample(types, 0L));
      byte[] ones = serialized(sample(types, -1L));
      if (zeros == null || ones == null || zeros.length != ones.length) {
        return null;
      }
      List<Integer> differing = new ArrayList<>();
      for (int i = 0; i < zeros.length; i++) {
        if (zeros[i] != ones[i]) {
          differing.add(i);
        }
      }
      int[][] positions = new int[types.length][];
      int next = 0;
      for (int t = 0; t < types.length; t++) {
        int width = width(sample(types, 0L)[t]);
        if (next + width > differing.size()) {
          return null;
        }
        positions[t] = new int[width];
        for (int b = 0; b < width; b++) {
          positions[t][b] = differing.get(next++);
        }
      }
      if (next != differing.size()) {
        return null;
      }
      Template template = new Template(zeros, positions);
      Object[] check = sample(types, 0x0102030405060708L);
      for (int t = 0; t < check.length; t++) {
        check[t] = sample(new Class<?>[] {types[t]}, 0x0102030405060708L + t * 0x1111L)[0];
      }
      String expected = HEX.formatHex(serialized(check));
      return expected.equals(template.write(check)) ? template : null;
    }

    String write(Object[] values) {
      byte[] out = bytes.clone();
      for (int t = 0; t < values.length; t++) {
        long value = ((Number) values[t]).longValue();
        int[] at = positions[t];
        for (int b = at.length - 1; b >= 0; b--) {
          out[at[b]] = (byte) value;
          value >>= 8;
        }
      }
      return HEX.formatHex(out);
    }

    private static Object[] sample(Class<?>[] types, long value) {
      Object[] values = new Object[types.length];
      for (int i = 0; i < types.length; i++) {
        Class<?> type = types[i];
        values[i] =
            type == Long.class
                ? (Object) value
                : type == Integer.class
                    ? (Object) (int) value
                    : type == Short.class ? (Object) (short) value : (Object) (byte) value;
      }
      return values;
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Template t
          && Arrays.equals(bytes, t.bytes)
          && Arrays.deepEquals(positions, t.positions);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
      return "Template" + Arrays.deepToString(positions);
    }
  }
}
