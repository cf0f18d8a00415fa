package dev.binlake.cli.config;

import static dev.binlake.cli.config.ConfigOption.optional;
import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;

/**
 * Loading AWS DMS output ({@code dms.*}): Parquet files without binlake's metadata in DMS's key
 * layout, full-load files without {@code Op} and CDC files with it. Key columns come from {@code
 * warehouse.keys}.
 */
public record DmsConfig(boolean enabled, String timestampColumn) {
  static final ConfigOption<Boolean> ENABLED =
      optional(
          "dms.enabled",
          ValueType.bool(),
          "false",
          "Also load AWS DMS output found in the store (LOAD00000001.parquet and time-named CDC"
              + " files without binlake metadata); without it such files are dead-lettered.");
  static final ConfigOption<String> TIMESTAMP_COLUMN =
      optional(
          "dms.timestamp-column",
          ValueType.optionalText(),
          "DMS_TIMESTAMP",
          "The DMS TimestampColumnName of the files (\"\" when the endpoint writes none); history"
              + " is ordered by it, then file name, then row.");

  static final List<ConfigOption<?>> OPTIONS = List.of(ENABLED, TIMESTAMP_COLUMN);

  public DmsConfig {
    requireNonNull(timestampColumn, "timestampColumn is null");
  }

  static DmsConfig from(OptionValues values) {
    return new DmsConfig(values.get(ENABLED), values.get(TIMESTAMP_COLUMN));
  }

  List<Map.Entry<String, String>> settings() {
    return enabled
        ? List.of(ENABLED.show(enabled), TIMESTAMP_COLUMN.show(timestampColumn))
        : List.of(ENABLED.show(enabled));
  }
}
