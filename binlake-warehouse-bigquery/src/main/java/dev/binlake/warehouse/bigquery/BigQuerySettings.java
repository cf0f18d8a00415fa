package dev.binlake.warehouse.bigquery;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Where and how the BigQuery warehouse loads.
 *
 * @param project the Google Cloud project that holds the datasets and runs the jobs
 * @param datasetPrefix prepended to every dataset name: source schema {@code shop} lands in dataset
 *     {@code <prefix>shop}, binlake's own tables in {@code <prefix>binlake}
 * @param location the BigQuery location of new datasets and of every job ({@code US}, {@code EU},
 *     {@code europe-west1}, …)
 * @param host the API endpoint, e.g. {@code http://127.0.0.1:9050} for a local test server; empty
 *     for Google's
 * @param credentials how to authenticate
 * @param batchInterval the least time between two load jobs of one table (BigQuery allows 1,500
 *     load jobs per table per day: 60 s keeps a table at 1,440)
 * @param stateDir where queued files and batches wait; a restart retries the same batches
 */
public record BigQuerySettings(
    String project,
    String datasetPrefix,
    String location,
    Optional<String> host,
    Credentials credentials,
    Duration batchInterval,
    Path stateDir) {

  /** The default batch interval. */
  public static final Duration DEFAULT_BATCH_INTERVAL = Duration.ofSeconds(60);

  /** The default location of datasets and jobs. */
  public static final String DEFAULT_LOCATION = "US";

  /** How the client authenticates. */
  public enum Credentials {
    /** Google's default chain: GOOGLE_APPLICATION_CREDENTIALS, gcloud, the metadata server. */
    APPLICATION_DEFAULT,
    /** No credentials at all: only for a local test server reached through {@code host}. */
    NONE
  }

  public BigQuerySettings {
    requireNonNull(project, "project is null");
    requireNonNull(datasetPrefix, "datasetPrefix is null");
    requireNonNull(location, "location is null");
    requireNonNull(host, "host is null");
    requireNonNull(credentials, "credentials is null");
    requireNonNull(batchInterval, "batchInterval is null");
    requireNonNull(stateDir, "stateDir is null");
    if (project.isBlank()) {
      throw new IllegalArgumentException("project must not be blank");
    }
    if (!datasetPrefix.matches("[A-Za-z0-9_]*")) {
      throw new IllegalArgumentException(
          "datasetPrefix may hold only letters, digits and underscores: " + datasetPrefix);
    }
    if (batchInterval.isNegative() || batchInterval.isZero()) {
      throw new IllegalArgumentException("batchInterval must be positive: " + batchInterval);
    }
  }

  /** Google's endpoint, the default credentials chain, location US, one load job a minute. */
  public static BigQuerySettings of(String project, Path stateDir) {
    return new BigQuerySettings(
        project,
        "",
        DEFAULT_LOCATION,
        Optional.empty(),
        Credentials.APPLICATION_DEFAULT,
        DEFAULT_BATCH_INTERVAL,
        stateDir);
  }

  /** The same settings against a local server without credentials (tests). */
  public BigQuerySettings withLocalHost(String host) {
    return new BigQuerySettings(
        project,
        datasetPrefix,
        location,
        Optional.of(host),
        Credentials.NONE,
        batchInterval,
        stateDir);
  }

  public BigQuerySettings withBatchInterval(Duration batchInterval) {
    return new BigQuerySettings(
        project, datasetPrefix, location, host, credentials, batchInterval, stateDir);
  }

  public BigQuerySettings withDatasetPrefix(String datasetPrefix) {
    return new BigQuerySettings(
        project, datasetPrefix, location, host, credentials, batchInterval, stateDir);
  }

  public BigQuerySettings withStateDir(Path stateDir) {
    return new BigQuerySettings(
        project, datasetPrefix, location, host, credentials, batchInterval, stateDir);
  }

  /** GoogleSQL name of a source table's history table: {@code `project`.`dataset`.`t_history`}. */
  public String historyTableSql(dev.binlake.api.TableId table) {
    return BigQueryNames.sqlName(names().historyTable(table));
  }

  /** GoogleSQL name of the dataset a source table lands in: {@code `project`.`dataset`}. */
  public String datasetSql(dev.binlake.api.TableId table) {
    return BigQueryNames.quote(project) + "." + BigQueryNames.quote(names().dataset(table));
  }

  /** The name of a source table's history table inside its dataset. */
  public String historyTableName(dev.binlake.api.TableId table) {
    return names().historyTable(table).getTable();
  }

  private BigQueryNames names() {
    return new BigQueryNames(project, datasetPrefix);
  }
}
