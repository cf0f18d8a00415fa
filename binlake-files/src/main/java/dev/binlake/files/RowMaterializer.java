package dev.binlake.files;

import dev.binlake.api.Column;
import dev.binlake.api.ColumnType;
import dev.binlake.api.Op;
import dev.binlake.api.OrderKey;
import dev.binlake.api.TableSchema;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.io.api.RecordMaterializer;

/**
 * Turns Parquet records of a change file back into rows: slot 0 the {@link Op}, 1 the commit time
 * (Long), 2 the {@link OrderKey}, then the source values in their documented Java types.
 */
final class RowMaterializer extends RecordMaterializer<Object[]> {
  private final int width;
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
          current = new Object[width];
        }

        @Override
        public void end() {}
      };

  RowMaterializer(TableSchema schema) {
    List<Column> columns = schema.columns();
    this.width = ColumnMapping.LEADING_COLUMNS + columns.size();
    this.converters = new Converter[width];
    converters[0] =
        new Slot(0) {
          @Override
          public void addBinary(Binary value) {
            set(Op.fromCode(value.toStringUsingUTF8()));
          }
        };
    converters[1] = new Slot(1);
    converters[2] =
        new Slot(2) {
          @Override
          public void addBinary(Binary value) {
            set(new OrderKey(value.toStringUsingUTF8()));
          }
        };
    for (int i = 0; i < columns.size(); i++) {
      int slot = ColumnMapping.LEADING_COLUMNS + i;
      converters[slot] = converter(columns.get(i).type(), slot);
    }
  }

  private Converter converter(ColumnType type, int slot) {
    switch (type.kind()) {
      case STRING:
      case JSON:
        return new Slot(slot) {
          @Override
          public void addBinary(Binary value) {
            set(value.toStringUsingUTF8());
          }
        };
      case BYTES:
        return new Slot(slot) {
          @Override
          public void addBinary(Binary value) {
            ByteBuffer buffer = value.toByteBuffer();
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            set(bytes);
          }
        };
      case DECIMAL:
        int scale = type.scale();
        return new Slot(slot) {
          @Override
          public void addInt(int value) {
            set(BigDecimal.valueOf(value, scale));
          }

          @Override
          public void addLong(long value) {
            set(BigDecimal.valueOf(value, scale));
          }

          @Override
          public void addBinary(Binary value) {
            set(new BigDecimal(new BigInteger(value.getBytes()), scale));
          }
        };
      default:
        return new Slot(slot);
    }
  }

  @Override
  public Object[] getCurrentRecord() {
    return current;
  }

  @Override
  public GroupConverter getRootConverter() {
    return root;
  }

  /** Stores a primitive value as its boxed Java value in one slot of the current row. */
  private class Slot extends BoxingSlot {
    private final int index;

    Slot(int index) {
      this.index = index;
    }

    @Override
    protected final void set(Object value) {
      current[index] = value;
    }
  }
}
