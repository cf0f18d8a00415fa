package dev.binlake.cli.validate;

import dev.binlake.api.TableId;
import java.util.List;

/** A table as both sides compare it: its key domain and all source columns, canonicalized. */
record TableShape(TableId table, KeyDomain domain, List<CanonicalColumn> columns) {
  TableShape {
    columns = List.copyOf(columns);
  }

  List<String> keyNames() {
    return domain.keys().stream().map(CanonicalColumn::name).toList();
  }
}
