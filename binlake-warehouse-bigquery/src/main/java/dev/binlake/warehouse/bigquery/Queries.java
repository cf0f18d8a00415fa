package dev.binlake.warehouse.bigquery;

import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.BigQueryError;
import com.google.cloud.bigquery.BigQueryException;
import com.google.cloud.bigquery.Field;
import com.google.cloud.bigquery.FieldValue;
import com.google.cloud.bigquery.FieldValueList;
import com.google.cloud.bigquery.Job;
import com.google.cloud.bigquery.QueryJobConfiguration;
import com.google.cloud.bigquery.Schema;
import com.google.cloud.bigquery.StandardSQLTypeName;
import com.google.cloud.bigquery.TableResult;
import dev.binlake.api.BinlakeException;
import dev.binlake.api.ErrorCode;
import dev.binlake.api.OrderKey;
import dev.binlake.api.QueryResult;
import dev.binlake.api.TableId;
import dev.binlake.api.TableStats;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/** Query jobs for {@link BigQueryWarehouse#query} and {@link BigQueryWarehouse#tableStats}. */
final class Queries {
  private final BigQuery bigquery;
  private final BigQueryNames names;
  private final Jobs jobs;
  private final Function<TableId, Optional<String>> recordedReasons;

  /**
   * @param recordedReasons why a table has no latest view, as recorded when its view was last
   *     brought up to date
   */
  Queries(
      BigQuery bigquery,
      BigQueryNames names,
      Jobs jobs,
      Function<TableId, Optional<String>> recordedReasons) {
    this.recordedReasons = recordedReasons;
    this.bigquery = bigquery;
    this.names = names;
    this.jobs = jobs;
  }

  private QueryResult query(String sql) {
    return run(QueryJobConfiguration.newBuilder(sql).setUseLegacySql(false).build(), "run query");
  }

  QueryResult run(QueryJobConfiguration query, String what) {
    try {
      Job job = jobs.runQuery(jobs.id("binlake_query_" + UUID.randomUUID()), query);
      Optional<BigQueryError> error = Jobs.error(job);
      if (error.isPresent()) {
        throw new BinlakeException(
            ErrorCode.WAREHOUSE_FAILED,
            "Cannot %s in BigQuery project %s: %s (check the SQL; table names are"
                + " `dataset.table`)",
            what,
            names.project(),
            Jobs.describe(error.get()));
      }
      TableResult result = job.getQueryResults();
      Schema schema = result.getSchema();
      List<String> columns = new ArrayList<>();
      if (schema != null) {
        schema.getFields().forEach(f -> columns.add(f.getName()));
      }
      List<List<Object>> rows = new ArrayList<>();
      for (FieldValueList row : result.iterateAll()) {
        List<Object> values = new ArrayList<>(columns.size());
        for (int i = 0; i < columns.size(); i++) {
          values.add(javaValue(schema.getFields().get(i), row.get(i)));
        }
        rows.add(Collections.unmodifiableList(values));
      }
      return new QueryResult(columns, rows);
    } catch (BigQueryException e) {
      throw new BinlakeException(
          ErrorCode.WAREHOUSE_FAILED,
          e,
          "Cannot %s in BigQuery project %s: %s (check the SQL and the credentials; retry)",
          what,
          names.project(),
          e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BinlakeException(ErrorCode.WAREHOUSE_FAILED, e, "Cannot %s: interrupted", what);
    }
  }

  /** Long, Double, Boolean, BigDecimal, Instant, LocalDateTime, LocalDate, byte[] or String. */
  private static Object javaValue(Field field, FieldValue value) {
    if (value == null || value.isNull()) {
      return null;
    }
    StandardSQLTypeName type = field.getType().getStandardType();
    if (type == null) {
      return value.getValue();
    }
    return switch (type) {
      case BOOL -> value.getBooleanValue();
      case INT64 -> value.getLongValue();
      case FLOAT64 -> value.getDoubleValue();
      case NUMERIC, BIGNUMERIC -> value.getNumericValue();
      case TIMESTAMP -> value.getTimestampInstant();
      case DATETIME -> LocalDateTime.parse(value.getStringValue());
      case DATE -> LocalDate.parse(value.getStringValue());
      case BYTES -> value.getBytesValue();
      default -> value.getStringValue();
    };
  }

  /** Per table in the ledger: history rows, latest-view rows, files, last key and commit time. */
  List<TableStats> tableStats() {
    QueryResult tables =
        run(
            QueryJobConfiguration.newBuilder(
                    "SELECT schema_name, table_name, COUNT(DISTINCT object_key) AS files,"
                        + " MAX(last_key) AS last_key FROM "
                        + BigQueryNames.sqlName(names.ledger())
                        + " GROUP BY schema_name, table_name ORDER BY schema_name, table_name")
                .setUseLegacySql(false)
                .build(),
            "read the load ledger");
    List<TableStats> stats = new ArrayList<>();
    for (List<Object> row : tables.rows()) {
      TableId table = new TableId((String) row.get(0), (String) row.get(1));
      Optional<String> lastKey = Optional.ofNullable((String) row.get(3));
      List<Object> history =
          query(
                  "SELECT COUNT(*), MAX("
                      + BigQueryNames.quote(BigQueryNames.COMMIT_TS)
                      + "), SUM(CASE WHEN "
                      + BigQueryNames.quote(BigQueryNames.OP)
                      + " = '"
                      + dev.binlake.api.Op.DROP_TABLE.code()
                      + "' AND "
                      + BigQueryNames.quote(BigQueryNames.ORDER)
                      + " = '"
                      + lastKey.orElse("").replace("'", "")
                      + "' THEN 1 ELSE 0 END) FROM "
                      + BigQueryNames.sqlName(names.historyTable(table)))
              .rows()
              .get(0);
      long latest = 0;
      Optional<String> noViewReason =
          recordedReasons
              .apply(table)
              .or(
                  () ->
                      Optional.of(
                          "no primary key: the latest view needs one (add a primary key to the"
                              + " source table, or name key columns in "
                              + dev.binlake.api.ViewKeys.OPTION
                              + "; "
                              + names.historyTable(table).getTable()
                              + " has every change)"));
      if (bigquery.getTable(names.view(table)) != null) {
        noViewReason = Optional.empty();
        latest =
            (Long)
                query("SELECT COUNT(*) FROM " + BigQueryNames.sqlName(names.view(table)))
                    .rows()
                    .get(0)
                    .get(0);
      }
      stats.add(
          new TableStats(
              table,
              (Long) history.get(0),
              latest,
              (Long) row.get(2),
              // a DMS table's last order value is no binlake order key
              lastKey.filter(key -> key.length() == OrderKey.LENGTH).map(OrderKey::new),
              Optional.ofNullable((Instant) history.get(1)),
              noViewReason,
              history.get(2) instanceof Number marked && marked.longValue() > 0));
    }
    return stats;
  }
}
