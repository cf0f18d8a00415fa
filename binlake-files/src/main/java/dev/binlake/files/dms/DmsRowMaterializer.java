package dev.binlake.files.dms;

import dev.binlake.api.Column;
import dev.binlake.api.ColumnType;
import dev.binlake.api.DmsFile;
import dev.binlake.api.Op;
import dev.binlake.files.BoxingSlot;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.io.api.RecordMaterializer;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;

/**
 * Turns records of a DMS file into rows: the source values in their documented Java types, then the
 * {@code Op} code and the timestamp text (two trailing slots, null when absent).
 */
final class DmsRowMaterializer extends RecordMaterializer<Object[]> {
  private static final long JULIAN_DAY_OF_EPOCH = 2_440_588L;
  private static final long MICROS_PER_DAY = 86_400_000_000L;

  private final int sourceCount;
  private final Converter[] converters;
  private Object[] current;

  private final GroupConverter root =
      new GroupConverter() {
        @Override
        public Converter getConverter(int fieldIndex) {
          return converters[fieldIndex];
        }

        @Override
        public void start() {
          current = new Object[sourceCount + 2];
        }

        @Override
        public void end() {}
      };

  DmsRowMaterializer(MessageType parquet, DmsFile dms) {
    List<Column> columns = dms.schema().columns();
    this.sourceCount = columns.size();
    List<Type> fields = parquet.getFields();
    this.converters = new Converter[fields.size()];
    for (int i = 0; i < fields.size(); i++) {
      String name = fields.get(i).getName();
      if (i == 0 && dms.hasOpColumn()) {
        converters[i] = new Text(sourceCount);
      } else if (dms.timestampColumn().filter(name::equals).isPresent()) {
        converters[i] = new Text(sourceCount + 1);
      } else {
        int slot = dms.schema().indexOf(name);
        converters[i] = converter(slot, columns.get(slot).type(), fields.get(i).asPrimitiveType());
      }
    }
  }

  Op op(Object[] row) {
    String code = (String) row[sourceCount];
    Op op = code == null ? Op.INSERT : Op.fromCode(code);
    if (op.isTableMarker()) { // binlake's markers: DMS writes only row changes
      throw new IllegalArgumentException("Unknown Op code '" + code + "': expected I, U or D");
    }
    return op;
  }

  String timestamp(Object[] row) {
    return (String) row[sourceCount + 1];
  }

  Object[] source(Object[] row) {
    return Arrays.copyOf(row, sourceCount);
  }

  @Override
  public Object[] getCurrentRecord() {
    return current;
  }

  @Override
  public GroupConverter getRootConverter() {
    return root;
  }

  private Converter converter(int slot, ColumnType type, PrimitiveType parquet) {
    LogicalTypeAnnotation logical = parquet.getLogicalTypeAnnotation();
    boolean isUnsigned =
        logical instanceof LogicalTypeAnnotation.IntLogicalTypeAnnotation integer
            && !integer.isSigned();
    boolean isMillis =
        logical instanceof LogicalTypeAnnotation.TimestampLogicalTypeAnnotation timestamp
                && timestamp.getUnit() == LogicalTypeAnnotation.TimeUnit.MILLIS
            || logical instanceof LogicalTypeAnnotation.TimeLogicalTypeAnnotation time
                && time.getUnit() == LogicalTypeAnnotation.TimeUnit.MILLIS;
    return switch (type.kind()) {
      case DECIMAL ->
          new Slot(slot) {
            @Override
            public void addInt(int value) {
              set(BigDecimal.valueOf(value, type.scale()));
            }

            @Override
            public void addLong(long value) {
              set(
                  isUnsigned
                      ? new BigDecimal(new BigInteger(Long.toUnsignedString(value)), type.scale())
                      : BigDecimal.valueOf(value, type.scale()));
            }

            @Override
            public void addBinary(Binary value) {
              set(new BigDecimal(new BigInteger(value.getBytes()), type.scale()));
            }
          };
      case INT64 ->
          new Slot(slot) {
            @Override
            public void addInt(int value) {
              set(isUnsigned ? Integer.toUnsignedLong(value) : (long) value);
            }
          };
      case INT32 -> new Slot(slot); // INT_8/16, UINT_8/16 and INT32 all arrive as int
      case STRING, JSON -> new Text(slot);
      case BYTES ->
          new Slot(slot) {
            @Override
            public void addBinary(Binary value) {
              set(value.getBytes());
            }
          };
      case TIME_MICROS ->
          new Slot(slot) {
            @Override
            public void addInt(int value) {
              set(isMillis ? value * 1000L : (long) value);
            }

            @Override
            public void addLong(long value) {
              set(value);
            }
          };
      case TIMESTAMP_MICROS ->
          new Slot(slot) {
            @Override
            public void addLong(long value) {
              set(isMillis ? Math.multiplyExact(value, 1000L) : value);
            }

            @Override
            public void addBinary(Binary value) { // INT96: nanos of day, then the Julian day
              ByteBuffer bytes = value.toByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
              long nanos = bytes.getLong();
              long day = Integer.toUnsignedLong(bytes.getInt());
              set((day - JULIAN_DAY_OF_EPOCH) * MICROS_PER_DAY + nanos / 1000);
            }
          };
      default -> new Slot(slot); // BOOLEAN, FLOAT32, FLOAT64, DATE: the value as Parquet gives it
    };
  }

  /** Puts the value Parquet gives into one slot of the current row. */
  private class Slot extends BoxingSlot {
    private final int index;

    Slot(int index) {
      this.index = index;
    }

    @Override
    protected void set(Object value) {
      current[index] = value;
    }

    @Override
    public void addBinary(Binary value) {
      set(value.getBytes());
    }
  }

  private final class Text extends Slot {
    Text(int index) {
      super(index);
    }

    @Override
    public void addBinary(Binary value) {
      set(value.toStringUsingUTF8());
    }
  }
}
