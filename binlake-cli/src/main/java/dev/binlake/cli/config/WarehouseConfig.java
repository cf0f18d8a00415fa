package dev.binlake.cli.config;

import static dev.binlake.cli.config.ConfigOption.optional;
import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

/**
 * The warehouse change files are loaded into ({@code warehouse.*}). Only DuckDB is supported yet;
 * {@code postgres} and {@code bigquery} are recognised and rejected as "not supported yet".
 *
 * @param path the DuckDB database file, absolute
 */
public record WarehouseConfig(Type type, Path path) {

  /** The kind of warehouse. */
  public enum Type {
    DUCKDB,
    POSTGRES,
    BIGQUERY
  }

  static final ConfigOption<Type> TYPE =
      optional(
          "warehouse.type",
          ValueType.choice(Type.class, EnumSet.of(Type.DUCKDB)),
          "duckdb",
          "Warehouse to load into: duckdb (postgres and bigquery are not supported yet).");
  static final ConfigOption<Path> PATH =
      optional(
          "warehouse.path",
          ValueType.path(),
          "./lake.duckdb",
          "DuckDB database file, relative to the config file's folder unless absolute.");

  static final List<ConfigOption<?>> OPTIONS = List.of(TYPE, PATH);

  public WarehouseConfig {
    requireNonNull(type, "type is null");
    requireNonNull(path, "path is null");
    if (!path.isAbsolute()) {
      throw new IllegalArgumentException("path must be absolute: " + path);
    }
  }

  static WarehouseConfig from(OptionValues values) {
    return new WarehouseConfig(values.get(TYPE), values.get(PATH));
  }

  List<Map.Entry<String, String>> settings() {
    return List.of(TYPE.show(type), PATH.show(path));
  }
}
