package dev.binlake.files;

import static java.util.Objects.requireNonNull;

import dev.binlake.api.BinlakeException;
import dev.binlake.api.ChangeFile;
import dev.binlake.api.ErrorCode;
import dev.binlake.api.OrderKey;
import dev.binlake.api.TableId;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Object keys of change files in AWS DMS's S3 layout: {@code <prefix>/<schema>/<table>/} then
 * {@code LOAD00000001.parquet} (8 uppercase hex digits, counting from 1) for full-load files, or
 * {@code <yyyyMMdd-HHmmssSSS>-<first order key>.parquet} for CDC files, named after the UTC commit
 * time and order key of their first change. The order key makes a CDC name unique and derived from
 * content, so writing the same changes again after a crash replaces the same object. An empty
 * prefix gives keys without a leading slash; trailing slashes of a prefix are ignored.
 */
public final class DmsLayout {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("uuuuMMdd-HHmmssSSS")
          .withZone(ZoneOffset.UTC)
          .withResolverStyle(ResolverStyle.STRICT);
  private static final Pattern LOAD = Pattern.compile("LOAD([0-9A-F]{8})\\.parquet");
  private static final Pattern CDC =
      Pattern.compile("(\\d{8}-\\d{9})-(\\d{8}-\\d{12}-[01]-\\d{12}-\\d)\\.parquet");
  private static final long MAX_MICROS =
      Instant.parse("9999-12-31T23:59:59.999999Z").toEpochMilli() * 1000 + 999;

  private DmsLayout() {}

  /** What a change file's key says: its table, its kind, and its load number or first key. */
  public record ParsedKey(
      TableId table, ChangeFile.Kind kind, OptionalInt loadNumber, Optional<OrderKey> firstKey) {
    public ParsedKey {
      requireNonNull(table, "table is null");
      requireNonNull(kind, "kind is null");
      requireNonNull(loadNumber, "loadNumber is null");
      requireNonNull(firstKey, "firstKey is null");
      if (kind == ChangeFile.Kind.LOAD != loadNumber.isPresent()
          || kind == ChangeFile.Kind.CDC != firstKey.isPresent()) {
        throw new IllegalArgumentException(
            "a LOAD key has a load number, a CDC key a first key: " + kind);
      }
    }
  }

  /** {@code <prefix>/<schema>/<table>/LOAD<8 hex digits>.parquet}; {@code number} from 1. */
  public static String loadKey(String prefix, TableId table, int number) {
    if (number < 1) {
      throw new IllegalArgumentException("load file number must be positive: " + number);
    }
    return folder(prefix, table) + String.format("LOAD%08X.parquet", number);
  }

  /** {@code <prefix>/<schema>/<table>/<yyyyMMdd-HHmmssSSS>-<first order key>.parquet}. */
  public static String cdcKey(String prefix, TableId table, long commitMicros, OrderKey first) {
    requireNonNull(first, "first is null");
    if (commitMicros < 0 || commitMicros > MAX_MICROS) {
      throw new IllegalArgumentException(
          "commit time must lie in years 1970 to 9999: " + commitMicros + " µs");
    }
    Instant time =
        Instant.ofEpochSecond(
            Math.floorDiv(commitMicros, 1_000_000L),
            Math.floorMod(commitMicros, 1_000_000L) * 1000);
    return folder(prefix, table) + TIME.format(time) + "-" + first.value() + ".parquet";
  }

  /** The key prefix of one table's change files, ending in {@code /}. */
  public static String tablePrefix(String prefix, TableId table) {
    return folder(prefix, table);
  }

  /** Reads a key made by {@link #loadKey} or {@link #cdcKey}; other keys give empty. */
  public static Optional<ParsedKey> parse(String prefix, String key) {
    requireNonNull(key, "key is null");
    String base = normalize(prefix);
    String rest = key;
    if (!base.isEmpty()) {
      if (!key.startsWith(base + "/")) {
        return Optional.empty();
      }
      rest = key.substring(base.length() + 1);
    }
    String[] parts = rest.split("/", -1);
    if (parts.length != 3 || !isValidName(parts[0]) || !isValidName(parts[1])) {
      return Optional.empty();
    }
    TableId table = new TableId(parts[0], parts[1]);
    Matcher load = LOAD.matcher(parts[2]);
    if (load.matches()) {
      long number = Long.parseLong(load.group(1), 16);
      if (number < 1 || number > Integer.MAX_VALUE) {
        return Optional.empty();
      }
      return Optional.of(
          new ParsedKey(
              table, ChangeFile.Kind.LOAD, OptionalInt.of((int) number), Optional.empty()));
    }
    Matcher cdc = CDC.matcher(parts[2]);
    if (cdc.matches()) {
      try {
        TIME.parse(cdc.group(1));
      } catch (DateTimeParseException e) {
        return Optional.empty();
      }
      return Optional.of(
          new ParsedKey(
              table,
              ChangeFile.Kind.CDC,
              OptionalInt.empty(),
              Optional.of(new OrderKey(cdc.group(2)))));
    }
    return Optional.empty();
  }

  private static String folder(String prefix, TableId table) {
    requireNonNull(table, "table is null");
    if (!isValidName(table.schema()) || !isValidName(table.table())) {
      throw new BinlakeException(
          ErrorCode.SOURCE_UNSUPPORTED,
          "Cannot name change files of table %s: a database or table name that contains '/' or is"
              + " '.' or '..' does not fit an object key level (exclude the table with"
              + " source.exclude, or rename it)",
          table);
    }
    String base = normalize(prefix);
    return (base.isEmpty() ? "" : base + "/") + table.schema() + "/" + table.table() + "/";
  }

  private static boolean isValidName(String name) {
    return !name.isEmpty() && name.indexOf('/') < 0 && !name.equals(".") && !name.equals("..");
  }

  private static String normalize(String prefix) {
    requireNonNull(prefix, "prefix is null");
    int end = prefix.length();
    while (end > 0 && prefix.charAt(end - 1) == '/') {
      end--;
    }
    return prefix.substring(0, end);
  }
}
