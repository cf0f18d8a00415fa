package dev.binlake.files.dms;

import dev.binlake.api.Op;

/**
 * Receives the rows of a DMS file in file order: the change ({@link Op#INSERT} when the file has no
 * {@code Op} column), the DMS timestamp text (null without a timestamp column), the row's order
 * value ({@link dev.binlake.api.DmsFile#orderOf}) and the source values in the Java types
 * documented on {@link dev.binlake.api.ColumnType} (or null); the array is the consumer's to keep.
 */
@FunctionalInterface
public interface DmsRowConsumer {
  void accept(Op op, String timestamp, String order, Object[] values);
}
