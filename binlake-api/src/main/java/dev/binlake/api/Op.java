package dev.binlake.api;

/**
 * The kind of a change, with the one-letter code of DMS's {@code Op} column. Besides DMS's row
 * changes there are two table markers, whose source columns are all NULL: {@code T} (TRUNCATE) and
 * {@code X} (DROP TABLE). A latest view shows only changes ordered after the table's latest marker.
 */
public enum Op {
  INSERT("I"),
  UPDATE("U"),
  DELETE("D"),
  /** The source table was truncated: every row before this marker is gone. */
  TRUNCATE("T"),
  /** The source table was dropped: every row before this marker is gone. */
  DROP_TABLE("X");

  /** The codes of the markers that empty a table, as a SQL list: {@code 'T', 'X'}. */
  public static final String MARKER_CODES_SQL = "'T', 'X'";

  private final String code;

  Op(String code) {
    this.code = code;
  }

  public String code() {
    return code;
  }

  /** Whether this change empties the table (TRUNCATE or DROP TABLE) instead of changing a row. */
  public boolean isTableMarker() {
    return this == TRUNCATE || this == DROP_TABLE;
  }

  public static Op fromCode(String code) {
    for (Op op : values()) {
      if (op.code.equals(code)) {
        return op;
      }
    }
    throw new IllegalArgumentException(
        "Unknown Op code '" + code + "': expected I, U, D, T (truncate) or X (drop table)");
  }
}
