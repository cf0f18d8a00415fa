package dev.binlake.api;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Key columns for the latest views of tables that have no primary key at the source (the {@code
 * warehouse.keys} option). The source's primary key wins when there is one, as in {@code binlake
 * validate}; a configured key must name columns of the table (matched without case, as MySQL does).
 */
public record ViewKeys(Map<TableId, List<String>> configured) {
  /** The config option that names the keys, for messages. */
  public static final String OPTION = "warehouse.keys";

  private static final ViewKeys NONE = new ViewKeys(Map.of());

  public ViewKeys {
    Map<TableId, List<String>> copy = new LinkedHashMap<>();
    requireNonNull(configured, "configured is null")
        .forEach(
            (table, key) -> {
              if (key.isEmpty()) {
                throw new IllegalArgumentException("key of " + table + " names no column");
              }
              copy.put(table, List.copyOf(key));
            });
    configured = Collections.unmodifiableMap(copy);
  }

  /** No configured keys: tables without a primary key get history only. */
  public static ViewKeys none() {
    return NONE;
  }

  /** What the latest view of a table of this shape partitions by, or why it has no view. */
  public ViewKey resolve(TableSchema schema) {
    List<String> named = configured.getOrDefault(schema.table(), List.of());
    if (schema.hasPrimaryKey()) {
      boolean same =
          named.stream()
              .map(n -> n.toLowerCase(Locale.ROOT))
              .toList()
              .equals(schema.primaryKey().stream().map(n -> n.toLowerCase(Locale.ROOT)).toList());
      return new ViewKey(schema, ViewKey.Source.PRIMARY_KEY, List.of(), same ? List.of() : named);
    }
    if (named.isEmpty()) {
      return new ViewKey(schema, ViewKey.Source.NONE, List.of(), List.of());
    }
    List<String> key = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    for (String name : named) {
      Optional<String> column = column(schema, name);
      if (column.isPresent()) {
        key.add(column.get());
      } else {
        missing.add(name);
      }
    }
    if (!missing.isEmpty()) {
      return new ViewKey(schema, ViewKey.Source.NONE, missing, List.of());
    }
    return new ViewKey(
        new TableSchema(schema.table(), schema.columns(), key),
        ViewKey.Source.CONFIGURED,
        List.of(),
        List.of());
  }

  /** The table's spelling of a column: the exact name first, else one that differs in case. */
  private static Optional<String> column(TableSchema schema, String name) {
    if (schema.indexOf(name) >= 0) {
      return Optional.of(name);
    }
    return schema.columns().stream()
        .map(Column::name)
        .filter(c -> c.toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT)))
        .findFirst();
  }
}
