package dev.binlake.cli.query;

import java.util.HexFormat;

/** How a warehouse value prints: text as is, bytes as hex with a {@code \x} prefix. */
final class ValueText {
  private ValueText() {}

  static String of(Object value) {
    if (value == null) {
      return "NULL";
    }
    if (value instanceof byte[] bytes) {
      return "\\x" + HexFormat.of().formatHex(bytes);
    }
    if (value instanceof java.sql.Blob blob) {
      try {
        return "\\x" + HexFormat.of().formatHex(blob.getBytes(1, (int) blob.length()));
      } catch (java.sql.SQLException e) {
        return "<blob>";
      }
    }
    return value.toString();
  }
}
