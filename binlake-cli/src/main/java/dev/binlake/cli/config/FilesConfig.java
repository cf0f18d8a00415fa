package dev.binlake.cli.config;

import static dev.binlake.cli.config.ConfigOption.optional;
import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

/**
 * How change files are rolled and compressed ({@code files.*}). A table's open file is written when
 * it reaches {@code minFileSize} or when its oldest change is {@code maxBatchInterval} old, like
 * DMS's CdcMinFileSize and CdcMaxBatchInterval.
 */
public record FilesConfig(Duration maxBatchInterval, DataSize minFileSize, Codec codec) {

  /** Parquet compression of change files. */
  public enum Codec {
    SNAPPY,
    ZSTD,
    NONE
  }

  public static final Duration MIN_BATCH_INTERVAL = Duration.ofMillis(100);

  static final ConfigOption<Duration> MAX_BATCH_INTERVAL =
      optional(
          "files.max-batch-interval",
          ValueType.duration(MIN_BATCH_INTERVAL),
          "60s",
          "Longest time a change waits in an open file before the file is written (like DMS"
              + " CdcMaxBatchInterval); at least 100ms.");
  static final ConfigOption<DataSize> MIN_FILE_SIZE =
      optional(
          "files.min-file-size",
          ValueType.dataSize(),
          "32MB",
          "Size at which a table's file is written without waiting for max-batch-interval"
              + " (like DMS CdcMinFileSize).");
  static final ConfigOption<Codec> CODEC =
      optional(
          "files.codec",
          ValueType.choice(Codec.class, EnumSet.allOf(Codec.class)),
          "snappy",
          "Parquet compression of change files: snappy, zstd or none.");

  static final List<ConfigOption<?>> OPTIONS = List.of(MAX_BATCH_INTERVAL, MIN_FILE_SIZE, CODEC);

  public FilesConfig {
    requireNonNull(maxBatchInterval, "maxBatchInterval is null");
    requireNonNull(minFileSize, "minFileSize is null");
    requireNonNull(codec, "codec is null");
    if (maxBatchInterval.compareTo(MIN_BATCH_INTERVAL) < 0) {
      throw new IllegalArgumentException(
          "maxBatchInterval must be at least 100ms: " + maxBatchInterval);
    }
  }

  static FilesConfig from(OptionValues values) {
    return new FilesConfig(
        values.get(MAX_BATCH_INTERVAL), values.get(MIN_FILE_SIZE), values.get(CODEC));
  }

  List<Map.Entry<String, String>> settings() {
    return List.of(
        MAX_BATCH_INTERVAL.show(maxBatchInterval),
        MIN_FILE_SIZE.show(minFileSize),
        CODEC.show(codec));
  }
}
