package dev.binlake.warehouse.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.binlake.api.DmsWarehouse;
import dev.binlake.testing.warehouse.DmsLoadContract;
import java.util.List;
import java.util.Optional;

/** AWS DMS output in the DuckDB warehouse: the DMS-load contract. */
class DmsLoadTest extends DmsLoadContract {
  @Override
  protected DmsWarehouse newWarehouse() {
    return DuckDbWarehouse.open(dir.resolve("lake.duckdb"));
  }

  private DuckDbWarehouse duckDb() {
    return (DuckDbWarehouse) warehouse;
  }

  @Override
  protected void assertItemsColumnTypes() {
    assertThat(
            rows(
                "SELECT DISTINCT data_type FROM duckdb_columns() WHERE table_name = 'items'"
                    + " AND column_name IN ('qty', 'created') ORDER BY 1"))
        .containsExactly(List.of("INTEGER"), List.of("TIMESTAMP"));
  }

  @Override
  protected void assertItemsTableState() {
    assertThat(duckDb().tables())
        .singleElement()
        .satisfies(
            state -> {
              assertThat(state.origin()).isEqualTo(TableState.Origin.DMS);
              assertThat(state.hasLatestView()).isTrue();
              assertThat(state.lastKey()).isEmpty();
              assertThat(state.lastOrder()).startsWith("20240809192718000100000-1");
            });
  }

  @Override
  protected Optional<String> noViewReason() {
    return duckDb().tables().get(0).noViewReason();
  }

  @Override
  protected String badOpMessage(String key) {
    return "Cannot load "
        + key
        + " into \"shop\".\"items_history\": 1 rows have an Op other than I, U or D (nothing was"
        + " loaded; fix or remove the file)";
  }
}
