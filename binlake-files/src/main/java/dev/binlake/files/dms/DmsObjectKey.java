package dev.binlake.files.dms;

import static java.util.Objects.requireNonNull;

import dev.binlake.api.ChangeFile;
import dev.binlake.api.DmsFile;
import dev.binlake.api.TableId;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The object key of an AWS DMS file in the S3 target's layout {@code
 * <prefix>/<schema>/<table>/<name>.parquet}: full-load files {@code LOAD} + 8 uppercase hex digits
 * ({@code LOAD00000009} then {@code LOAD0000000A}), CDC files a UTC time whose fraction has any
 * number of digits ({@code 20240809-192717787}, {@code 20141029-1134010000}). DMS's
 * date-partitioned folders ({@code DatePartitionEnabled}) are not recognized.
 */
public record DmsObjectKey(TableId table, ChangeFile.Kind kind, String name, String fileOrder) {
  private static final Pattern NAME =
      Pattern.compile("(LOAD[0-9A-F]{8}|\\d{8}-\\d{6}\\d{0,9})\\.parquet");

  public DmsObjectKey {
    requireNonNull(table, "table is null");
    requireNonNull(kind, "kind is null");
    requireNonNull(name, "name is null");
    requireNonNull(fileOrder, "fileOrder is null");
  }

  /** Reads a DMS key under {@code prefix} ("" for none); other keys give empty. */
  public static Optional<DmsObjectKey> parse(String prefix, String key) {
    requireNonNull(prefix, "prefix is null");
    requireNonNull(key, "key is null");
    String base = prefix.replaceAll("/+$", "");
    String rest = key;
    if (!base.isEmpty()) {
      if (!key.startsWith(base + "/")) {
        return Optional.empty();
      }
      rest = key.substring(base.length() + 1);
    }
    String[] parts = rest.split("/", -1);
    if (parts.length != 3 || !isName(parts[0]) || !isName(parts[1])) {
      return Optional.empty();
    }
    Matcher name = NAME.matcher(parts[2]);
    if (!name.matches()) {
      return Optional.empty();
    }
    String stem = name.group(1);
    ChangeFile.Kind kind = stem.startsWith("LOAD") ? ChangeFile.Kind.LOAD : ChangeFile.Kind.CDC;
    return Optional.of(
        new DmsObjectKey(new TableId(parts[0], parts[1]), kind, stem, DmsFile.fileOrderOf(stem)));
  }

  private static boolean isName(String name) {
    return !name.isEmpty() && !name.equals(".") && !name.equals("..");
  }
}
