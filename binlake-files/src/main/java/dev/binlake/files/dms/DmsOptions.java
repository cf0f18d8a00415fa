package dev.binlake.files.dms;

import static java.util.Objects.requireNonNull;

import dev.binlake.api.TableId;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How AWS DMS output is read: the name of DMS's timestamp column ({@code TimestampColumnName} of
 * the DMS S3 endpoint; empty when the endpoint sets none) and, per table, the primary key the
 * latest view partitions by (DMS files carry no key; a table without one gets history only).
 */
public record DmsOptions(Optional<String> timestampColumn, Map<TableId, List<String>> primaryKeys) {
  /** The column name AWS's documentation uses for {@code TimestampColumnName}. */
  public static final String DEFAULT_TIMESTAMP_COLUMN = "DMS_TIMESTAMP";

  public DmsOptions {
    requireNonNull(timestampColumn, "timestampColumn is null");
    Map<TableId, List<String>> copy = new LinkedHashMap<>();
    primaryKeys.forEach((table, key) -> copy.put(table, List.copyOf(key)));
    primaryKeys = Collections.unmodifiableMap(copy);
    if (timestampColumn.filter(String::isBlank).isPresent()) {
      throw new IllegalArgumentException("timestampColumn must not be blank");
    }
  }

  /** {@value #DEFAULT_TIMESTAMP_COLUMN} as timestamp column and the given keys. */
  public static DmsOptions withKeys(Map<TableId, List<String>> primaryKeys) {
    return new DmsOptions(Optional.of(DEFAULT_TIMESTAMP_COLUMN), primaryKeys);
  }

  /** The configured primary key of a table, or an empty list. */
  public List<String> primaryKey(TableId table) {
    return List.copyOf(primaryKeys.getOrDefault(table, List.of()));
  }
}
