package dev.binlake.warehouse.postgres;

import dev.binlake.api.ViewKeys;
import dev.binlake.api.Warehouse;
import dev.binlake.testing.warehouse.PostgresTestDatabase;
import dev.binlake.testing.warehouse.WarehouseContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The warehouse contract on the machine's PostgreSQL: one database, emptied before each test. */
class PostgresWarehouseContractIT extends WarehouseContract {
  private static PostgresTestDatabase database;

  @BeforeAll
  static void createDatabase() {
    database = PostgresTestDatabase.create(PostgresWarehouseContractIT.class);
  }

  @AfterAll
  static void dropDatabase() {
    if (database != null) {
      database.close();
    }
  }

  @Override
  protected Warehouse newWarehouse() {
    database.dropSchemas();
    return PostgresWarehouse.open(database.jdbcUrl(), database.user(), database.password());
  }

  @Override
  protected Warehouse reopen(ViewKeys keys) {
    return PostgresWarehouse.open(database.jdbcUrl(), database.user(), database.password(), keys);
  }
}
