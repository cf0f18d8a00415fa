package dev.binlake.warehouse.postgres;

import static java.util.Objects.requireNonNull;

import dev.binlake.api.OrderKey;
import dev.binlake.api.TableId;
import dev.binlake.api.TableSchema;
import java.util.Optional;

/**
 * What the warehouse knows of one source table: its current shape (that of the loaded file with the
 * highest order), the highest order loaded ({@code binlake_order}: an {@link OrderKey} for binlake
 * change files, a {@link dev.binlake.api.DmsFile#orderOf DMS order value} for AWS DMS output), why
 * it has no latest view, if it has none, and whether it takes AWS DMS output.
 */
public record TableState(
    TableId table,
    TableSchema schema,
    String lastOrder,
    Optional<String> noViewReason,
    boolean isDms) {
  public TableState {
    requireNonNull(table, "table is null");
    requireNonNull(schema, "schema is null");
    requireNonNull(lastOrder, "lastOrder is null");
    requireNonNull(noViewReason, "noViewReason is null");
  }

  /** The highest order key loaded, for tables of binlake change files. */
  public Optional<OrderKey> lastKey() {
    return isDms ? Optional.empty() : Optional.of(new OrderKey(lastOrder));
  }

  public boolean hasLatestView() {
    return noViewReason.isEmpty();
  }
}
