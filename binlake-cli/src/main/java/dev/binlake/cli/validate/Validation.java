package dev.binlake.cli.validate;

import static java.util.Objects.requireNonNull;

import dev.binlake.api.QueryResult;
import dev.binlake.api.TableId;
import dev.binlake.capture.BinlogPosition;
import dev.binlake.capture.SourceSettings;
import dev.binlake.capture.offset.CheckpointStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compares source tables with the warehouse at one consistent point. The source is read inside a
 * consistent snapshot at binlog position P; the warehouse is read as of P too (per key the latest
 * change ordered before P: the order key starts with the binlog file and position). So it works
 * while replication runs: changes after P are ignored on both sides. The warehouse must hold every
 * change before P: when a binlake is running, validation first waits (up to {@code wait}) until
 * capture's checkpoint has passed P, and re-checks a differing table until the deadline (loads of
 * stored files may still be in flight).
 */
public final class Validation {
  private static final Logger LOG = LoggerFactory.getLogger(Validation.class);

  private final SourceSettings source;
  private final Path stateDir;
  private final Function<String, QueryResult> warehouse;
  private final WarehouseDialect dialect;
  private final Supplier<Boolean> running;
  private final Duration wait;
  private final int maxKeys;
  private final Map<TableId, List<String>> configuredKeys;

  /**
   * @param warehouse runs SQL in the warehouse (e.g. {@code WarehouseAccess::query})
   * @param dialect the warehouse's SQL dialect
   * @param running whether a binlake process is running (so the warehouse still catches up)
   * @param configuredKeys key columns of tables without a primary key ({@code warehouse.keys})
   */
  public Validation(
      SourceSettings source,
      Path stateDir,
      Function<String, QueryResult> warehouse,
      WarehouseDialect dialect,
      Supplier<Boolean> running,
      Duration wait,
      int maxKeys,
      Map<TableId, List<String>> configuredKeys) {
    this.configuredKeys = Map.copyOf(configuredKeys);
    this.source = requireNonNull(source, "source is null");
    this.stateDir = requireNonNull(stateDir, "stateDir is null");
    this.warehouse = requireNonNull(warehouse, "warehouse is null");
    this.dialect = requireNonNull(dialect, "dialect is null");
    this.running = requireNonNull(running, "running is null");
    this.wait = requireNonNull(wait, "wait is null");
    this.maxKeys = maxKeys;
  }

  /** What one validation found. */
  public record Report(BinlogPosition position, boolean caughtUp, List<TableResult> tables) {
    public boolean isEqual() {
      return tables.stream().noneMatch(t -> t.status() == TableResult.Status.DIFFERENT);
    }
  }

  /** Compares every included table, or only {@code only}. */
  public Report run(Optional<TableId> only) throws InterruptedException {
    try (SourceSnapshot snapshot = SourceSnapshot.open(source)) {
      BinlogPosition point = snapshot.position();
      long deadline = System.nanoTime() + wait.toNanos();
      boolean caughtUp = awaitCheckpoint(point, deadline);
      List<TableId> tables = only.map(List::of).orElseGet(() -> snapshot.tables(source.tables()));
      String before =
          String.format(Locale.ROOT, "%08d-%012d-1", point.fileNumber(), point.position());
      List<TableResult> results = new ArrayList<>();
      for (TableId table : tables) {
        TableResult result = compare(snapshot, table, before);
        while (result.status() == TableResult.Status.DIFFERENT
            && running.get()
            && System.nanoTime() < deadline) {
          TimeUnit.MILLISECONDS.sleep(500); // loads of stored files may still be in flight
          result = compare(snapshot, table, before);
        }
        results.add(result);
      }
      return new Report(point, caughtUp, results);
    }
  }

  private boolean awaitCheckpoint(BinlogPosition point, long deadline) throws InterruptedException {
    CheckpointStore checkpoints = new CheckpointStore(stateDir);
    while (true) {
      Optional<BinlogPosition> captured = checkpoints.read().resumeOffset().map(BinlogPosition::of);
      if (captured.isPresent() && captured.get().compareTo(point) >= 0) {
        return true;
      }
      if (!running.get() || System.nanoTime() > deadline) {
        LOG.info(
            "Capture is at {}, the source at {}: comparing anyway",
            captured.map(Object::toString).orElse("nothing yet"),
            point);
        return false;
      }
      TimeUnit.MILLISECONDS.sleep(200);
    }
  }

  TableResult compare(SourceSnapshot snapshot, TableId table, String before) {
    List<SourceColumn> columns = snapshot.columns(table);
    if (columns.isEmpty()) {
      return TableResult.skipped(table, "not in the source");
    }
    // Excluded columns are not in the warehouse, hashed ones hold hashes: neither compares.
    List<String> notCompared =
        columns.stream()
            .map(SourceColumn::name)
            .filter(c -> source.columns().excludes(table, c) || source.columns().hashes(table, c))
            .toList();
    columns = columns.stream().filter(c -> !notCompared.contains(c.name())).toList();
    List<String> key = snapshot.primaryKey(table);
    if (key.isEmpty()) {
      key = configuredKeys.getOrDefault(table, List.of());
    }
    if (key.isEmpty()) {
      return TableResult.skipped(
          table,
          "no primary key, so no latest view to compare ("
              + table
              + "_history has every change; name a key in warehouse.keys)");
    }
    Map<String, List<String>> warehouseColumns = warehouseColumns(table);
    if (warehouseColumns.isEmpty()) {
      return TableResult.different(
          table, "no history table in the warehouse (has `binlake run`" + " replicated it yet?)");
    }
    List<CanonicalColumn> canonical = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    for (SourceColumn column : columns) {
      List<String> found = warehouseColumns.get(column.name());
      if (found == null) {
        missing.add(column.name());
      } else {
        canonical.add(CanonicalColumn.of(found.get(0), column.dataType(), found.get(1), dialect));
      }
    }
    if (!missing.isEmpty()) {
      return TableResult.different(table, "columns " + missing + " are not in the warehouse");
    }
    for (String name : key) {
      if (notCompared.stream().anyMatch(name::equalsIgnoreCase)) {
        return TableResult.skipped(
            table,
            "key column "
                + name
                + " is excluded or hashed by source.columns, so rows cannot be matched");
      }
    }
    List<CanonicalColumn> keys = new ArrayList<>();
    for (String name : key) {
      Optional<CanonicalColumn> column =
          canonical.stream().filter(c -> c.name().equalsIgnoreCase(name)).findFirst();
      if (column.isEmpty()) {
        return TableResult.different(table, "key column " + name + " is not in the source");
      }
      keys.add(column.get());
    }
    String firstKey = key.get(0);
    String first =
        columns.stream()
            .filter(c -> c.name().equalsIgnoreCase(firstKey))
            .map(SourceColumn::dataType)
            .findFirst()
            .orElse("");
    boolean integer =
        List.of("tinyint", "smallint", "mediumint", "int", "bigint")
            .contains(first.toLowerCase(Locale.ROOT));
    KeyDomain domain =
        new KeyDomain(keys, integer ? Optional.of(keys.get(0).name()) : Optional.empty());
    TableShape shape = new TableShape(table, domain, canonical);
    TableDiff.Outcome outcome =
        new TableDiff(
                new SourceSide(snapshot, shape),
                new WarehouseSide(warehouse, new WarehouseSql(dialect), shape, before),
                shape,
                maxKeys)
            .run();
    LOG.debug("Compared {} with {} queries", table, outcome.queries());
    List<String> presenceOnly =
        canonical.stream().filter(c -> !c.isValueCompared()).map(CanonicalColumn::name).toList();
    return new TableResult(
        table,
        outcome.differences().isEmpty() ? TableResult.Status.EQUAL : TableResult.Status.DIFFERENT,
        outcome.sourceRows(),
        outcome.differences(),
        outcome.truncated(),
        notCompared.isEmpty() || !outcome.differences().isEmpty()
            ? ""
            : "columns " + notCompared + " not compared (excluded or hashed by source.columns)",
        presenceOnly.isEmpty()
            ? ""
            : "values of JSON columns "
                + presenceOnly
                + " compared as present or NULL only: the warehouse normalizes JSON text");
  }

  /** Column name (any case) to the warehouse's own spelling of the name and its type. */
  private Map<String, List<String>> warehouseColumns(TableId table) {
    QueryResult result = warehouse.apply(dialect.columnsQuery(table));
    Map<String, List<String>> columns = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (List<Object> row : result.rows()) {
      columns.put(row.get(0).toString(), List.of(row.get(0).toString(), row.get(1).toString()));
    }
    return columns;
  }

  static String literal(String text) {
    return '\'' + text.replace("'", "''") + '\'';
  }
}
