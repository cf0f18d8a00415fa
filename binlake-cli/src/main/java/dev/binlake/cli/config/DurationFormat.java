package dev.binlake.cli.config;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and writes durations with a unit: {@code 100ms}, {@code 60s}, {@code 5m}, {@code 1h},
 * {@code 2d}; a fraction such as {@code 1.5h} is allowed, a bare number is not.
 */
public final class DurationFormat {
  private static final Pattern SYNTAX = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([a-z]*)");
  private static final String[] SYMBOLS = {"d", "h", "m", "s", "ms"};
  private static final long[] NANOS = {
    Duration.ofDays(1).toNanos(),
    Duration.ofHours(1).toNanos(),
    Duration.ofMinutes(1).toNanos(),
    Duration.ofSeconds(1).toNanos(),
    Duration.ofMillis(1).toNanos()
  };

  private DurationFormat() {}

  /**
   * Parses a duration such as {@code 60s}.
   *
   * @throws IllegalArgumentException with a message saying what is accepted
   */
  public static Duration parse(String text) {
    Matcher matcher = SYNTAX.matcher(text.strip());
    if (!matcher.matches()) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a duration (use e.g. 60s; units ms, s, m, h, d)");
    }
    if (matcher.group(2).isEmpty()) {
      throw new IllegalArgumentException(
          "'"
              + text
              + "' has no unit (write e.g. "
              + matcher.group(1)
              + "s or "
              + matcher.group(1)
              + "ms)");
    }
    for (int i = 0; i < SYMBOLS.length; i++) {
      if (SYMBOLS[i].equals(matcher.group(2))) {
        try {
          long nanos =
              new BigDecimal(matcher.group(1))
                  .multiply(BigDecimal.valueOf(NANOS[i]))
                  .toBigInteger()
                  .longValueExact();
          return Duration.ofNanos(nanos);
        } catch (ArithmeticException e) {
          throw new IllegalArgumentException("'" + text + "' is too long a duration", e);
        }
      }
    }
    throw new IllegalArgumentException(
        "'" + text + "' has an unknown unit '" + matcher.group(2) + "' (use ms, s, m, h or d)");
  }

  /**
   * Writes a duration in the largest unit that divides it exactly ({@code 1m}, {@code 90s}, {@code
   * 100ms}); below a millisecond, in nanoseconds ({@code 1500ns}).
   */
  public static String format(Duration duration) {
    long nanos = duration.toNanos();
    for (int i = 0; i < SYMBOLS.length; i++) {
      if (nanos != 0 && nanos % NANOS[i] == 0) {
        return nanos / NANOS[i] + SYMBOLS[i];
      }
    }
    return nanos == 0 ? "0s" : nanos + "ns";
  }
}
