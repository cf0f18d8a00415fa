package dev.binlake.api;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An AWS DMS Parquet file (full load {@code LOAD0000000A.parquet} or CDC {@code
 * 20240809-192717787.parquet}): it carries no binlake metadata, no total-order key and no capture
 * offset, so its rows are ordered by {@link #orderOf}: (DMS timestamp, file, row number in file).
 *
 * <p>{@code schema} holds the source columns only (not {@code Op}, not the timestamp column), with
 * the primary key taken from configuration (DMS files carry none; empty means history only). {@code
 * hasOpColumn}: the file's first column is {@code Op} (CDC files; full-load files only with DMS's
 * {@code includeOpForFullLoad}); without it every row is an insert. {@code timestampColumn}: DMS's
 * {@code TimestampColumnName} column if the file has it (text such as {@code 2024-08-09
 * 19:27:17.787000}, UTC). {@code fileOrder}: where the file sorts among the table's files, see
 * {@link #fileOrderOf}.
 */
public record DmsFile(
    String key,
    TableSchema schema,
    ChangeFile.Kind kind,
    long rowCount,
    boolean hasOpColumn,
    Optional<String> timestampColumn,
    String fileOrder) {

  /** Digits of the timestamp part of an order value: yyyyMMddHHmmss and 9 fraction digits. */
  public static final int TIMESTAMP_DIGITS = 23;

  /** Length of every value {@link #orderOf} returns: {@code T(23)-F(24)-R(12)}. */
  public static final int ORDER_LENGTH = TIMESTAMP_DIGITS + 1 + 24 + 1 + 12;

  private static final Pattern FILE_ORDER = Pattern.compile("[01][0-9A-F]{23}");
  private static final Pattern TIMESTAMP =
      Pattern.compile("\\d{4}-\\d{2}-\\d{2}[ T]\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?");

  public DmsFile {
    requireNonNull(key, "key is null");
    requireNonNull(schema, "schema is null");
    requireNonNull(kind, "kind is null");
    requireNonNull(timestampColumn, "timestampColumn is null");
    requireNonNull(fileOrder, "fileOrder is null");
    if (rowCount < 0) {
      throw new IllegalArgumentException("rowCount must not be negative: " + rowCount);
    }
    if (!FILE_ORDER.matcher(fileOrder).matches()
        || (fileOrder.charAt(0) == '0') != (kind == ChangeFile.Kind.LOAD)) {
      throw new IllegalArgumentException(
          "malformed file order for a " + kind + " file: " + fileOrder);
    }
  }

  public TableId table() {
    return schema.table();
  }

  /**
   * Where a file sorts among one table's DMS files, 24 characters: {@code 0} then the full-load
   * counter as 23 uppercase hex digits (zero-padded) for {@code LOAD<8 hex>} files, or {@code 1}
   * then the CDC name's digits {@code yyyyMMdd HHmmss} and its fraction right-padded with zeros to
   * 9 digits. Full-load files sort before CDC files; CDC names of different lengths ({@code
   * 20240809-192717787}, {@code 20141029-1134010000}) sort by the time they name.
   *
   * @param nameWithoutExtension {@code LOAD0000000A} or {@code 20240809-192717787}
   * @throws IllegalArgumentException if the name is neither
   */
  public static String fileOrderOf(String nameWithoutExtension) {
    String name = nameWithoutExtension;
    if (name.matches("LOAD[0-9A-F]{8}")) {
      return "0" + "0".repeat(15) + name.substring(4);
    }
    if (name.matches("\\d{8}-\\d{6}\\d{0,9}")) {
      String digits = name.substring(0, 8) + name.substring(9);
      return "1" + digits + "0".repeat(23 - digits.length());
    }
    throw new IllegalArgumentException(
        "not a DMS file name (LOAD + 8 hex digits, or yyyyMMdd-HHmmss + up to 9 fraction digits): "
            + name);
  }

  /**
   * The order value of one row, fixed width, compared as plain text (what {@code binlake_order}
   * holds for DMS tables): {@code <timestamp digits>-<fileOrder>-<row>}. The timestamp digits are
   * the digits of the DMS timestamp text right-padded with zeros to {@value #TIMESTAMP_DIGITS} (all
   * zeros without a timestamp column); {@code row} is the 0-based row number in the file, 12
   * digits. In SQL: {@code rpad(regexp_replace(ts, '[^0-9]', '', 'g'), 23, '0') || '-' || fileOrder
   * || '-' || lpad(row, 12, '0')}.
   *
   * @param timestamp the row's DMS timestamp text, or null when the file has no timestamp column
   */
  public String orderOf(String timestamp, long row) {
    if (row < 0 || row > 999_999_999_999L) {
      throw new IllegalArgumentException("row number out of range: " + row);
    }
    return timestampDigits(timestamp) + "-" + fileOrder + "-" + String.format("%012d", row);
  }

  /** The {@value #TIMESTAMP_DIGITS} timestamp digits of an order value; zeros for null. */
  public static String timestampDigits(String timestamp) {
    if (timestamp == null) {
      return "0".repeat(TIMESTAMP_DIGITS);
    }
    if (!TIMESTAMP.matcher(timestamp).matches()) {
      throw new IllegalArgumentException(
          "DMS timestamp '" + timestamp + "' is not yyyy-MM-dd HH:mm:ss[.fraction]");
    }
    String digits = timestamp.replaceAll("[^0-9]", "");
    return digits + "0".repeat(TIMESTAMP_DIGITS - digits.length());
  }
}
