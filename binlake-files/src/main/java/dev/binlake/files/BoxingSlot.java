package dev.binlake.files;

import org.apache.parquet.io.api.PrimitiveConverter;

/**
 * Stores each primitive value Parquet hands over, boxed, in one slot of the row being assembled;
 * subclasses override what needs converting (binary values, logical types). Public for the DMS
 * reader's row materializer in {@code dev.binlake.files.dms}.
 */
public abstract class BoxingSlot extends PrimitiveConverter {
  /** Puts {@code value} in this slot of the current row. */
  protected abstract void set(Object value);

  @Override
  public void addBoolean(boolean value) {
    set(value);
  }

  @Override
  public void addInt(int value) {
    set(value);
  }

  @Override
  public void addLong(long value) {
    set(value);
  }

  @Override
  public void addFloat(float value) {
    set(value);
  }

  @Override
  public void addDouble(double value) {
    set(value);
  }
}
