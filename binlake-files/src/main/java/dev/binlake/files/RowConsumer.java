package dev.binlake.files;

import dev.binlake.api.Op;
import dev.binlake.api.OrderKey;

/**
 * Receives the rows of a change file in file order. {@code values} follow the schema's columns and
 * hold the Java values documented on {@link dev.binlake.api.ColumnType} (or null); the array is the
 * consumer's to keep.
 */
@FunctionalInterface
public interface RowConsumer {
  void accept(Op op, long commitTimeMicros, OrderKey orderKey, Object[] values);
}
