package dev.binlake.warehouse.bigquery;

import com.google.cloud.bigquery.QueryJobConfiguration;
import com.google.cloud.bigquery.QueryParameterValue;
import dev.binlake.api.BinlakeException;
import dev.binlake.api.DmsFile;
import dev.binlake.api.ErrorCode;
import dev.binlake.api.TableId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Whether a table takes binlake change files or AWS DMS output: never both, as their order values
 * do not compare. Known from this process's queue, else from the table's first ledger row (a DMS
 * order value has {@value DmsFile#ORDER_LENGTH} characters, a binlake order key fewer), read once
 * per table and process, and only when the history table exists.
 */
final class TableOrigins {
  enum Origin {
    BINLAKE,
    DMS
  }

  private final BatchStore store;
  private final Queries queries;
  private final BigQueryNames names;
  private final Predicate<TableId> hasHistory;
  private final Map<TableId, Origin> known = new ConcurrentHashMap<>();

  /**
   * @param hasHistory whether the table's history table exists (without it the ledger has no row of
   *     the table, and no query is needed)
   */
  TableOrigins(
      BatchStore store, Queries queries, BigQueryNames names, Predicate<TableId> hasHistory) {
    this.store = store;
    this.queries = queries;
    this.names = names;
    this.hasHistory = hasHistory;
  }

  /**
   * Refuses a file of {@code origin} for a table that holds the other kind.
   *
   * @throws BinlakeException {@link ErrorCode#FILE_INVALID} if the table holds the other kind
   */
  void require(String key, TableId table, Origin origin) {
    Optional<Origin> held = of(table);
    if (held.isPresent() && held.get() != origin) {
      throw new BinlakeException(
          ErrorCode.FILE_INVALID,
          "Cannot load %s into %s: it is %s but the table holds %s, and their order values do"
              + " not compare (keep AWS DMS output and binlake change files under different"
              + " prefixes or tables)",
          key,
          BigQueryNames.sqlName(names.historyTable(table)),
          origin == Origin.DMS ? "AWS DMS output" : "a binlake change file",
          held.get() == Origin.DMS ? "AWS DMS output" : "binlake change files");
    }
  }

  /** Remembers the kind of a file just queued for the table. */
  void record(TableId table, Origin origin) {
    known.putIfAbsent(table, origin);
  }

  private Optional<Origin> of(TableId table) {
    Origin origin = known.get(table);
    if (origin != null) {
      return Optional.of(origin);
    }
    Optional<Origin> queued =
        store.queuedFiles(table).stream()
            .findFirst()
            .map(f -> f.isDms() ? Origin.DMS : Origin.BINLAKE);
    if (queued.isPresent() || !hasHistory.test(table)) {
      return queued;
    }
    List<List<Object>> rows =
        queries
            .run(
                QueryJobConfiguration.newBuilder(
                        "SELECT first_key FROM "
                            + BigQueryNames.sqlName(names.ledger())
                            + " WHERE schema_name = @schema AND table_name = @table LIMIT 1")
                    .setUseLegacySql(false)
                    .addNamedParameter("schema", QueryParameterValue.string(table.schema()))
                    .addNamedParameter("table", QueryParameterValue.string(table.table()))
                    .build(),
                "read the load ledger")
            .rows();
    if (rows.isEmpty() || rows.get(0).get(0) == null) {
      return Optional.empty();
    }
    String first = (String) rows.get(0).get(0);
    origin = first.length() == DmsFile.ORDER_LENGTH ? Origin.DMS : Origin.BINLAKE;
    known.put(table, origin);
    return Optional.of(origin);
  }
}
