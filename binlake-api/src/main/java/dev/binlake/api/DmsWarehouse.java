package dev.binlake.api;

import java.nio.file.Path;

/**
 * A {@link Warehouse} that also loads AWS DMS's own Parquet output ({@link DmsFile}) into the same
 * history table and latest view shape: {@code Op} ({@code I} when the file has none), the commit
 * timestamp from the DMS timestamp column (UTC; null without one), {@code binlake_order} from
 * {@link DmsFile#orderOf}, then the source columns. The latest view needs {@code
 * schema().primaryKey()}; without one the table gets history only. A table takes either binlake
 * change files or DMS files, never both (their order values do not compare). Loading the same
 * object key twice is a no-op, as for {@link #load}.
 */
public interface DmsWarehouse extends Warehouse {
  LoadResult loadDms(DmsFile file, Path localFile);
}
