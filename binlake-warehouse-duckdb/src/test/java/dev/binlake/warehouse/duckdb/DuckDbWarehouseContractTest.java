package dev.binlake.warehouse.duckdb;

import dev.binlake.api.ViewKeys;
import dev.binlake.api.Warehouse;
import dev.binlake.testing.warehouse.WarehouseContract;

/** The warehouse contract on a fresh DuckDB file per test. */
class DuckDbWarehouseContractTest extends WarehouseContract {
  @Override
  protected Warehouse newWarehouse() {
    return DuckDbWarehouse.open(dir.resolve("contract.duckdb"));
  }

  @Override
  protected Warehouse reopen(ViewKeys keys) {
    return DuckDbWarehouse.open(dir.resolve("contract.duckdb"), keys);
  }
}
