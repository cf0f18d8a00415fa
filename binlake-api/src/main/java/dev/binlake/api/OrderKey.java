package dev.binlake.api;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;

/**
 * The total-order key of one change: orders all changes of one source across files and restarts,
 * with plain string comparison (so {@code ORDER BY} works the same in every warehouse).
 *
 * <p>Format, fixed width, digits and dashes only: {@code FFFFFFFF-PPPPPPPPPPPP-K-RRRRRRRRRRRR-S}
 *
 * <ul>
 *   <li>F: binlog file number (the digits after the last dot of {@code mariadb-bin.000042})
 *   <li>P: binlog position: of the row event when streaming, of the snapshot point in a snapshot
 *   <li>K: 0 for snapshot rows, 1 for streamed rows
 *   <li>R: row index inside the row event when streaming; the snapshot's row sequence in a snapshot
 *   <li>S: 0, or 1 for the insert half of a primary-key update (which arrives as delete + insert)
 * </ul>
 *
 * Snapshot rows sort before every change streamed after the snapshot point, because streamed row
 * events sit at higher positions than the point the snapshot was taken at.
 */
public record OrderKey(String value) implements Comparable<OrderKey> {
  public static final int LENGTH = 8 + 1 + 12 + 1 + 1 + 1 + 12 + 1 + 1;

  /** Smaller than every real key. */
  public static final OrderKey MIN = new OrderKey("00000000-000000000000-0-000000000000-0");

  public OrderKey {
    requireNonNull(value, "value is null");
    if (value.length() != LENGTH) {
      throw new IllegalArgumentException("order key must have " + LENGTH + " characters: " + value);
    }
  }

  public static OrderKey streamed(long fileNumber, long position, long row, int part) {
    return new OrderKey(format(fileNumber, position, 1, row, part));
  }

  public static OrderKey snapshot(long fileNumber, long position, long sequence) {
    return new OrderKey(format(fileNumber, position, 0, sequence, 0));
  }

  private static String format(long file, long position, int kind, long row, int part) {
    if (file < 0 || file > 99_999_999L) {
      throw new IllegalArgumentException("binlog file number out of range: " + file);
    }
    if (position < 0 || position > 999_999_999_999L || row < 0 || row > 999_999_999_999L) {
      throw new IllegalArgumentException(
          "binlog position or row out of range: " + position + "/" + row);
    }
    if (part < 0 || part > 9) {
      throw new IllegalArgumentException("part out of range: " + part);
    }
    // Same text as String.format("%08d-%012d-%d-%012d-%d", ...), without its parsing: one key
    // is formatted per captured row.
    byte[] text = new byte[LENGTH];
    digits(text, 0, 8, file);
    text[8] = '-';
    digits(text, 9, 12, position);
    text[21] = '-';
    text[22] = (byte) ('0' + kind);
    text[23] = '-';
    digits(text, 24, 12, row);
    text[36] = '-';
    text[37] = (byte) ('0' + part);
    return new String(text, StandardCharsets.ISO_8859_1);
  }

  /** Writes a non-negative {@code value} that fits as {@code width} zero-padded decimal digits. */
  private static void digits(byte[] text, int from, int width, long value) {
    for (int i = from + width - 1; i >= from; i--) {
      text[i] = (byte) ('0' + value % 10);
      value /= 10;
    }
  }

  public boolean isSnapshot() {
    return value.charAt(22) == '0';
  }

  public boolean isAfter(OrderKey other) {
    return compareTo(other) > 0;
  }

  @Override
  public int compareTo(OrderKey other) {
    return value.compareTo(other.value);
  }

  @Override
  public String toString() {
    return value;
  }
}
