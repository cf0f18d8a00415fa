package dev.binlake.warehouse.duckdb;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Run in a child JVM by {@link WarehouseLockTest}: opens a DuckDB file, prints {@code ready
 * <file>}, and holds the file until its standard input closes.
 */
public final class LockHolder {
  private LockHolder() {}

  public static void main(String[] args) throws IOException {
    try (DuckDbWarehouse warehouse = DuckDbWarehouse.open(Path.of(args[0]))) {
      System.out.println("ready " + warehouse.dbFile());
      System.out.flush();
      while (System.in.read() != -1) {
        // hold the file until the parent closes our input
      }
    }
  }
}
