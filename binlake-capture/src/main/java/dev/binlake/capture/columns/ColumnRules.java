package dev.binlake.capture.columns;

import static java.util.Objects.requireNonNull;

import dev.binlake.api.DmsWildcard;
import dev.binlake.api.TableId;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Which columns never leave the source as they are: excluded columns are dropped, hashed columns
 * are replaced by the HMAC-SHA-256 of their value under {@code hashKey} (lower-case hex), so equal
 * values stay equal (joinable) without being readable. Rules are {@code database.table.column} with
 * DMS wildcards ({@code %} any run of characters, {@code _} one character); database and table
 * match case-sensitively, the column case-insensitively (as MySQL and MariaDB compare them). A
 * column that is both excluded and hashed is excluded. {@link #toString()} never shows the key.
 */
public final class ColumnRules {
  private static final ColumnRules NONE = new ColumnRules(List.of(), List.of(), new byte[0]);

  private final List<String> exclude;
  private final List<String> hash;
  private final byte[] hashKey;
  private final Pattern excluded;
  private final Pattern hashed;

  private ColumnRules(List<String> exclude, List<String> hash, byte[] hashKey) {
    this.exclude = List.copyOf(exclude);
    this.hash = List.copyOf(hash);
    this.hashKey = hashKey.clone();
    for (String rule : this.exclude) {
      validate(rule);
    }
    for (String rule : this.hash) {
      validate(rule);
    }
    if (!this.hash.isEmpty() && hashKey.length == 0) {
      throw new IllegalArgumentException("hashing columns needs a key");
    }
    this.excluded = pattern(this.exclude);
    this.hashed = pattern(this.hash);
  }

  /** No rules: every column as it is. */
  public static ColumnRules none() {
    return NONE;
  }

  /**
   * @param hashKey the secret HMAC key (UTF-8 bytes are used); required when {@code hash} has rules
   */
  public static ColumnRules of(List<String> exclude, List<String> hash, String hashKey) {
    requireNonNull(hashKey, "hashKey is null");
    return new ColumnRules(exclude, hash, hashKey.getBytes(StandardCharsets.UTF_8));
  }

  public boolean isEmpty() {
    return exclude.isEmpty() && hash.isEmpty();
  }

  public boolean excludes(TableId table, String column) {
    return excluded != null && excluded.matcher(name(table, column)).matches();
  }

  public boolean hashes(TableId table, String column) {
    return !excludes(table, column)
        && hashed != null
        && hashed.matcher(name(table, column)).matches();
  }

  /** The hashing function of these rules. */
  public ColumnHash hash() {
    return new ColumnHash(hashKey);
  }

  /**
   * Debezium's {@code column.exclude.list}: one regex per rule, comma-separated (Debezium matches
   * them case-insensitively, so database and table parts switch case sensitivity back on).
   */
  public String debeziumExcludeList() {
    return exclude.stream().map(ColumnRules::toRegex).collect(Collectors.joining(","));
  }

  private static String name(TableId table, String column) {
    return table.schema() + "." + table.table() + "." + column;
  }

  private static Pattern pattern(List<String> rules) {
    if (rules.isEmpty()) {
      return null;
    }
    return Pattern.compile(
        rules.stream().map(ColumnRules::toRegex).collect(Collectors.joining("|")),
        Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.DOTALL);
  }

  /** {@code shop.%.card_no} → {@code (?-i:\Qshop\E)\.(?-i:.*)\.\Qcard\E.\Qno\E}. */
  static String toRegex(String rule) {
    String[] parts = rule.split("\\.", -1);
    return "(?-i:"
        + DmsWildcard.toRegex(parts[0])
        + ")\\.(?-i:"
        + DmsWildcard.toRegex(parts[1])
        + ")\\."
        + DmsWildcard.toRegex(parts[2]);
  }

  private static void validate(String rule) {
    String[] parts = rule.split("\\.", -1);
    if (parts.length != 3
        || Arrays.stream(parts).anyMatch(String::isEmpty)
        || rule.contains(",")
        || rule.isBlank()) {
      throw new IllegalArgumentException(
          "column rule '"
              + rule
              + "' must be <database>.<table>.<column> with % and _ wildcards, no commas");
    }
  }

  @Override
  public String toString() {
    return "ColumnRules[exclude=" + exclude + ", hash=" + hash + "]";
  }
}
