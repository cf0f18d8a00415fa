package dev.binlake.files;

import static java.util.Objects.requireNonNull;

import dev.binlake.api.BinlakeException;
import dev.binlake.api.ErrorCode;
import java.time.Duration;

/**
 * When an open change file is written out, as DMS's {@code CdcMaxBatchInterval} and {@code
 * CdcMinFileSize} decide it: as soon as its oldest buffered change is {@code maxBatchInterval} old
 * OR the file reached {@code minFileSize} bytes, whichever comes first.
 *
 * @param maxBatchInterval {@code files.max-batch-interval}: at least 100 ms, default 60 s
 * @param minFileSize {@code files.min-file-size} in bytes: positive, default 32 MB
 */
public record RollingPolicy(Duration maxBatchInterval, long minFileSize) {
  public static final Duration MIN_BATCH_INTERVAL = Duration.ofMillis(100);
  public static final Duration DEFAULT_MAX_BATCH_INTERVAL = Duration.ofSeconds(60);
  public static final long DEFAULT_MIN_FILE_SIZE = 32L * 1024 * 1024;
  public static final RollingPolicy DEFAULT =
      new RollingPolicy(DEFAULT_MAX_BATCH_INTERVAL, DEFAULT_MIN_FILE_SIZE);

  public RollingPolicy {
    if (maxBatchInterval == null) {
      throw new BinlakeException(
          ErrorCode.CONFIG_INVALID,
          "Cannot use files.max-batch-interval: it is missing (set a duration such as 60s)");
    }
    if (maxBatchInterval.compareTo(MIN_BATCH_INTERVAL) < 0) {
      throw new BinlakeException(
          ErrorCode.CONFIG_INVALID,
          "Cannot use files.max-batch-interval %s: it is below 100ms (set 100ms or more; the"
              + " default is 60s)",
          maxBatchInterval);
    }
    if (minFileSize <= 0) {
      throw new BinlakeException(
          ErrorCode.CONFIG_INVALID,
          "Cannot use files.min-file-size %d bytes: it must be positive (set a size such as 32MB)",
          minFileSize);
    }
  }

  /**
   * Whether a file whose oldest change is {@code age} old and that holds {@code size} bytes rolls.
   */
  public boolean shouldRoll(Duration age, long size) {
    requireNonNull(age, "age is null");
    return age.compareTo(maxBatchInterval) >= 0 || size >= minFileSize;
  }

  /** How long until a file whose oldest change is {@code age} old rolls by age; zero if due. */
  public Duration timeUntilRoll(Duration age) {
    requireNonNull(age, "age is null");
    Duration left = maxBatchInterval.minus(age);
    return left.isNegative() ? Duration.ZERO : left;
  }
}
