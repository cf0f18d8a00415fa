package dev.binlake.warehouse.postgres;

import static java.util.Objects.requireNonNull;

import dev.binlake.api.OrderKey;
import dev.binlake.api.TableId;
import dev.binlake.api.TableSchema;
import java.util.Optional;

/**
 * What the warehouse knows of one source table: its current shape (that of the loaded file with the
 * highest keys), the highest key loaded, and why it has no latest view, if it has none.
 */
public record TableState(
    TableId table, TableSchema schema, OrderKey lastKey, Optional<String> noViewReason) {
  public TableState {
    requireNonNull(table, "table is null");
    requireNonNull(schema, "schema is null");
    requireNonNull(lastKey, "lastKey is null");
    requireNonNull(noViewReason, "noViewReason is null");
  }

  public boolean hasLatestView() {
    return noViewReason.isEmpty();
  }
}
