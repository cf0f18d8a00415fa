package dev.binlake.api;

/** The kind of a change, with the one-letter code of DMS's {@code Op} column. */
public enum Op {
  INSERT("I"),
  UPDATE("U"),
  DELETE("D");

  private final String code;

  Op(String code) {
    this.code = code;
  }

  public String code() {
    return code;
  }

  public static Op fromCode(String code) {
    for (Op op : values()) {
      if (op.code.equals(code)) {
        return op;
      }
    }
    throw new IllegalArgumentException("Unknown Op code '" + code + "': expected I, U or D");
  }
}
