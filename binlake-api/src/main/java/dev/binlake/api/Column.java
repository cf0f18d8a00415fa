package dev.binlake.api;

import static java.util.Objects.requireNonNull;

/**
 * A source column as it lands in change files. {@code sourceType} is the source's own type name.
 */
public record Column(String name, ColumnType type, boolean optional, String sourceType) {
  public Column {
    requireNonNull(name, "name is null");
    requireNonNull(type, "type is null");
    requireNonNull(sourceType, "sourceType is null");
  }
}
