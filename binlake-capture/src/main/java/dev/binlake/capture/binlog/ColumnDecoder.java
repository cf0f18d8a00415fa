package dev.binlake.capture.binlog;

import java.io.Serializable;

/** Turns one column's binlog value (as Debezium's row deserializers give it) into binlake's. */
interface ColumnDecoder {
  /** What {@link #decode} or {@link #ofNull} return for a value with no representation. */
  Object UNREPRESENTABLE = new Object();

  Object decode(Serializable value);

  /**
   * The value of a binlog null: NULL, or for a NOT NULL DATE or DATETIME column the zero date
   * (Debezium's row deserializers read a zero date as null), which is not representable.
   */
  default Object ofNull() {
    return null;
  }
}
