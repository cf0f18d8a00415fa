package dev.binlake.lambda;

import static java.util.Objects.requireNonNull;

import dev.binlake.api.BinlakeException;
import dev.binlake.api.ErrorCode;
import dev.binlake.api.ViewKeys;
import dev.binlake.api.Warehouse;
import dev.binlake.warehouse.duckdb.DuckDbWarehouse;
import dev.binlake.warehouse.postgres.PostgresWarehouse;
import java.nio.file.Path;
import java.util.Optional;

/** The warehouse the function loads into, as its environment names it. */
public sealed interface WarehouseTarget {
  /**
   * Connects; the function keeps the warehouse open across invocations of one sandbox.
   *
   * @param keys key columns for the latest views of tables without a primary key
   */
  Warehouse open(ViewKeys keys);

  /** A PostgreSQL database (it must exist); binlake creates its tables there. */
  record Postgres(String jdbcUrl, String user, Optional<String> password)
      implements WarehouseTarget {
    public Postgres {
      requireNonNull(jdbcUrl, "jdbcUrl is null");
      requireNonNull(user, "user is null");
      requireNonNull(password, "password is null");
    }

    @Override
    public Warehouse open(ViewKeys keys) {
      return PostgresWarehouse.open(jdbcUrl, user, password.orElse(null), keys);
    }

    @Override
    public String toString() {
      return "Postgres[" + jdbcUrl + " as " + user + "]";
    }
  }

  /**
   * A DuckDB file, for tests and container images that add the DuckDB driver (the Lambda jar leaves
   * it out). A file in {@code /tmp} disappears with the sandbox: use a mounted EFS path.
   */
  record DuckDb(Path path) implements WarehouseTarget {
    public DuckDb {
      requireNonNull(path, "path is null");
    }

    @Override
    public Warehouse open(ViewKeys keys) {
      try {
        return DuckDbWarehouse.open(path, keys);
      } catch (NoClassDefFoundError e) {
        throw new BinlakeException(
            ErrorCode.CONFIG_INVALID,
            e,
            "Cannot open DuckDB warehouse %s: the DuckDB driver is not in this function's jar (set"
                + " BINLAKE_WAREHOUSE_TYPE=postgres, or build a container image that adds"
                + " binlake-warehouse-duckdb and org.duckdb:duckdb_jdbc)",
            path);
      }
    }
  }
}
