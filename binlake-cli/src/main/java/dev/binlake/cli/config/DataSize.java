package dev.binlake.cli.config;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An amount of bytes, written like {@code 32MB}, {@code 512kB}, {@code 1GB} or a plain byte count
 * {@code 1048576}. Units are binary multiples: 1kB = 1024 B, 1MB = 1024 kB, 1GB = 1024 MB, 1TB =
 * 1024 GB. Unit letters are case-insensitive and {@code KiB}, {@code MiB}, {@code GiB}, {@code TiB}
 * are accepted too; a fraction ({@code 1.5GB}) is rounded to whole bytes.
 */
public record DataSize(long bytes) implements Comparable<DataSize> {
  private static final Pattern SYNTAX = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([a-zA-Z]*)");

  /** The units {@link #toString()} writes, smallest first. */
  public enum Unit {
    BYTE("B", 1L),
    KILOBYTE("kB", 1L << 10),
    MEGABYTE("MB", 1L << 20),
    GIGABYTE("GB", 1L << 30),
    TERABYTE("TB", 1L << 40);

    private final String symbol;
    private final long bytes;

    Unit(String symbol, long bytes) {
      this.symbol = symbol;
      this.bytes = bytes;
    }

    public String symbol() {
      return symbol;
    }

    public long bytes() {
      return bytes;
    }
  }

  public DataSize {
    if (bytes < 0) {
      throw new IllegalArgumentException("bytes must not be negative: " + bytes);
    }
  }

  public static DataSize ofBytes(long bytes) {
    return new DataSize(bytes);
  }

  public static DataSize of(long amount, Unit unit) {
    return new DataSize(Math.multiplyExact(amount, unit.bytes()));
  }

  /**
   * Parses {@code 32MB}, {@code 512kB}, {@code 1048576} (bytes) and the like.
   *
   * @throws IllegalArgumentException with a message saying what is accepted
   */
  public static DataSize parse(String text) {
    Matcher matcher = SYNTAX.matcher(text.strip());
    Unit unit = matcher.matches() ? unit(matcher.group(2)) : null;
    if (unit == null) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a data size (use e.g. 32MB; units B, kB, MB, GB, TB)");
    }
    try {
      BigDecimal amount = new BigDecimal(matcher.group(1));
      return new DataSize(
          amount
              .multiply(BigDecimal.valueOf(unit.bytes()))
              .setScale(0, RoundingMode.HALF_UP)
              .longValueExact());
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException("'" + text + "' is too large a data size", e);
    }
  }

  private static Unit unit(String symbol) {
    switch (symbol.toLowerCase(Locale.ROOT)) {
      case "":
      case "b":
        return Unit.BYTE;
      case "kb":
      case "kib":
        return Unit.KILOBYTE;
      case "mb":
      case "mib":
        return Unit.MEGABYTE;
      case "gb":
      case "gib":
        return Unit.GIGABYTE;
      case "tb":
      case "tib":
        return Unit.TERABYTE;
      default:
        return null;
    }
  }

  @Override
  public int compareTo(DataSize other) {
    return Long.compare(bytes, other.bytes);
  }

  /** The largest unit that divides the size exactly: {@code 32MB}, {@code 1536B}, {@code 0B}. */
  @Override
  public String toString() {
    Unit[] units = Unit.values();
    for (int i = units.length - 1; i > 0; i--) {
      if (bytes != 0 && bytes % units[i].bytes() == 0) {
        return bytes / units[i].bytes() + units[i].symbol();
      }
    }
    return bytes + Unit.BYTE.symbol();
  }
}
