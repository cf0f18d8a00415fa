package dev.binlake.warehouse.bigquery;

import com.google.cloud.bigquery.TableId;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Names and SQL text in BigQuery: datasets per source schema (with the configured prefix), the
 * history table, the latest view, binlake's ledger, and GoogleSQL quoting.
 */
final class BigQueryNames {
  static final String OP = "Op";
  static final String COMMIT_TS = "binlake_commit_ts";
  static final String ORDER = "binlake_order";
  static final String METADATA_DATASET = "binlake";
  static final String LEDGER_TABLE = "loaded_files";

  private final String project;
  private final String datasetPrefix;

  BigQueryNames(String project, String datasetPrefix) {
    this.project = project;
    this.datasetPrefix = datasetPrefix;
  }

  String project() {
    return project;
  }

  /**
   * The dataset of a source schema: the prefix plus the schema name, characters BigQuery does not
   * allow in dataset names (anything but letters, digits and underscores) turned into underscores.
   */
  String dataset(dev.binlake.api.TableId table) {
    return datasetPrefix + table.schema().replaceAll("[^A-Za-z0-9_]", "_");
  }

  String metadataDataset() {
    return datasetPrefix + METADATA_DATASET;
  }

  TableId historyTable(dev.binlake.api.TableId table) {
    return TableId.of(project, dataset(table), tableName(table) + "_history");
  }

  TableId view(dev.binlake.api.TableId table) {
    return TableId.of(project, dataset(table), tableName(table));
  }

  TableId ledger() {
    return TableId.of(project, metadataDataset(), LEDGER_TABLE);
  }

  /** Table names keep letters, digits, underscores and dashes; anything else becomes {@code _}. */
  private static String tableName(dev.binlake.api.TableId table) {
    return table.table().replaceAll("[^\\p{L}\\p{N}_-]", "_");
  }

  /** A quoted GoogleSQL identifier. */
  static String quote(String name) {
    return '`' + name.replace("\\", "\\\\").replace("`", "\\`") + '`';
  }

  /** {@code `project`.`dataset`.`table`}. */
  static String sqlName(TableId table) {
    return quote(table.getProject())
        + "."
        + quote(table.getDataset())
        + "."
        + quote(table.getTable());
  }

  /**
   * The latest row per primary key: the change with the highest {@code binlake_order} after the
   * latest table marker (TRUNCATE, DROP TABLE) wins, keys whose latest change is a delete
   * disappear, only the current columns show. (GoogleSQL wants a WHERE, GROUP BY or HAVING beside
   * QUALIFY.)
   */
  String latestViewSql(dev.binlake.api.TableId table, List<String> columns, List<String> key) {
    return "SELECT "
        + names(columns)
        + " FROM "
        + sqlName(historyTable(table))
        + " WHERE "
        + quote(ORDER)
        + " > COALESCE((SELECT MAX("
        + quote(ORDER)
        + ") FROM "
        + sqlName(historyTable(table))
        + " WHERE "
        + quote(OP)
        + " IN ("
        + dev.binlake.api.Op.MARKER_CODES_SQL
        + ")), '') QUALIFY ROW_NUMBER() OVER (PARTITION BY "
        + names(key)
        + " ORDER BY "
        + quote(ORDER)
        + " DESC) = 1 AND "
        + quote(OP)
        + " <> 'D'";
  }

  private static String names(List<String> names) {
    return names.stream().map(BigQueryNames::quote).collect(Collectors.joining(", "));
  }
}
