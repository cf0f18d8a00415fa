package dev.binlake.cli.run;

import dev.binlake.api.EventTransport;
import dev.binlake.api.ObjectStore;
import dev.binlake.api.Warehouse;
import dev.binlake.cli.config.BinlakeConfig;
import dev.binlake.events.InProcessEventTransport;
import dev.binlake.events.RetryPolicy;
import dev.binlake.load.DeadLetters;
import dev.binlake.storage.LocalObjectStore;
import dev.binlake.warehouse.duckdb.DuckDbWarehouse;

/**
 * Builds the configured implementation of each seam: object store, event transport, warehouse.
 * The one place that knows which classes stand behind the configuration's type names.
 */
final class Components {
  private Components() {}

  static ObjectStore store(BinlakeConfig config) {
    return new LocalObjectStore(config.storage().localFolder());
  }

  /** The key prefix of change files inside the store. */
  static String prefix(BinlakeConfig config) {
    return "";
  }

  static Warehouse warehouse(BinlakeConfig config) {
    return DuckDbWarehouse.open(config.warehouse().path());
  }

  static EventTransport events(BinlakeConfig config, DeadLetters deadLetters) {
    return new InProcessEventTransport(
        RetryPolicy.DEFAULT, letter -> deadLetters.add(letter.event().key(), letter.reason()));
  }
}
