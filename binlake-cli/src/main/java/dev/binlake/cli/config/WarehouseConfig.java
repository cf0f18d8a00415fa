package dev.binlake.cli.config;

import static dev.binlake.cli.config.ConfigOption.optional;
import static java.util.Objects.requireNonNull;

import dev.binlake.api.TableId;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

/**
 * The warehouse change files are loaded into ({@code warehouse.*}): a DuckDB file (default),
 * PostgreSQL or BigQuery.
 *
 * @param path the DuckDB database file, absolute
 */
public record WarehouseConfig(
    Type type,
    Path path,
    Map<TableId, List<String>> keys,
    String postgresUrl,
    String postgresUser,
    Secret postgresPassword,
    String bigQueryProject,
    String bigQueryDatasetPrefix,
    String bigQueryLocation,
    Duration bigQueryBatchInterval,
    String bigQueryHost,
    Credentials bigQueryCredentials) {

  /** How binlake authenticates to BigQuery. */
  public enum Credentials {
    APPLICATION_DEFAULT,
    NONE
  }

  /** The kind of warehouse. */
  public enum Type {
    DUCKDB,
    POSTGRES,
    BIGQUERY
  }

  static final ConfigOption<Type> TYPE =
      optional(
          "warehouse.type",
          ValueType.choice(Type.class, EnumSet.allOf(Type.class)),
          "duckdb",
          "Warehouse to load into: duckdb (a local file), postgres or bigquery.");
  static final ConfigOption<Path> PATH =
      optional(
          "warehouse.path",
          ValueType.path(),
          "./lake.duckdb",
          "DuckDB database file, relative to the config file's folder unless absolute.");

  static final ConfigOption<Map<TableId, List<String>>> KEYS =
      optional(
          "warehouse.keys",
          ValueType.tableKeys(),
          "[]",
          "Key columns for latest views of tables that have no primary key at the source, and of"
              + " AWS DMS files (which name none), e.g. [\"shop.log: id\", \"public.t: a, b\"];"
              + " validate compares by the same key. A source primary key wins; a key naming a"
              + " missing column leaves the table without a view (status says why).");

  static final ConfigOption<String> POSTGRES_URL =
      optional(
          "warehouse.postgres.url",
          ValueType.optionalText(),
          "\"\"",
          "JDBC URL of the PostgreSQL database (required with type postgres), e.g."
              + " jdbc:postgresql://127.0.0.1:5432/lake; the database must exist.");
  static final ConfigOption<String> POSTGRES_USER =
      optional(
          "warehouse.postgres.user",
          ValueType.text(),
          "binlake",
          "PostgreSQL user; it needs CREATE on the database.");
  static final ConfigOption<Secret> POSTGRES_PASSWORD =
      optional(
          "warehouse.postgres.password",
          ValueType.secret(),
          "\"\"",
          "PostgreSQL password (\"\" for trust or peer authentication); use ${env:NAME}.");
  static final ConfigOption<String> BIGQUERY_PROJECT =
      optional(
          "warehouse.bigquery.project",
          ValueType.optionalText(),
          "\"\"",
          "Google Cloud project for datasets and jobs (required with type bigquery).");
  static final ConfigOption<String> BIGQUERY_DATASET_PREFIX =
      optional(
          "warehouse.bigquery.dataset-prefix",
          ValueType.optionalText(),
          "\"\"",
          "Prepended to every dataset name; datasets are named after source databases.");
  static final ConfigOption<String> BIGQUERY_LOCATION =
      optional(
          "warehouse.bigquery.location",
          ValueType.text(),
          "US",
          "Location of new datasets and of every job.");
  static final ConfigOption<Duration> BIGQUERY_BATCH_INTERVAL =
      optional(
          "warehouse.bigquery.batch-interval",
          ValueType.duration(Duration.ofSeconds(1)),
          "60s",
          "Least time between two load jobs of one table (BigQuery allows 1,500 per table per day).");
  static final ConfigOption<String> BIGQUERY_HOST =
      optional(
          "warehouse.bigquery.host",
          ValueType.optionalText(),
          "\"\"",
          "BigQuery API endpoint; empty for Google's. For test servers.");
  static final ConfigOption<Credentials> BIGQUERY_CREDENTIALS =
      optional(
          "warehouse.bigquery.credentials",
          ValueType.choice(Credentials.class, EnumSet.allOf(Credentials.class)),
          "application-default",
          "application-default (Google's default credentials chain) or none (only with host).");

  static final List<ConfigOption<?>> OPTIONS =
      List.of(
          TYPE,
          PATH,
          KEYS,
          POSTGRES_URL,
          POSTGRES_USER,
          POSTGRES_PASSWORD,
          BIGQUERY_PROJECT,
          BIGQUERY_DATASET_PREFIX,
          BIGQUERY_LOCATION,
          BIGQUERY_BATCH_INTERVAL,
          BIGQUERY_HOST,
          BIGQUERY_CREDENTIALS);

  public WarehouseConfig {
    requireNonNull(type, "type is null");
    requireNonNull(path, "path is null");
    keys = Map.copyOf(keys);
    if (!path.isAbsolute()) {
      throw new IllegalArgumentException("path must be absolute: " + path);
    }
  }

  static WarehouseConfig from(OptionValues values) {
    return new WarehouseConfig(
        values.get(TYPE),
        values.get(PATH),
        values.get(KEYS),
        values.get(POSTGRES_URL),
        values.get(POSTGRES_USER),
        values.get(POSTGRES_PASSWORD),
        values.get(BIGQUERY_PROJECT),
        values.get(BIGQUERY_DATASET_PREFIX),
        values.get(BIGQUERY_LOCATION),
        values.get(BIGQUERY_BATCH_INTERVAL),
        values.get(BIGQUERY_HOST),
        values.get(BIGQUERY_CREDENTIALS));
  }

  /** Problems that need more than one key: options required only for one warehouse. */
  List<Map.Entry<String, String>> crossChecks() {
    List<Map.Entry<String, String>> problems = new java.util.ArrayList<>();
    if (type == Type.POSTGRES && postgresUrl.isBlank()) {
      problems.add(
          Map.entry(
              POSTGRES_URL.key(),
              "is required when warehouse.type is postgres"
                  + " (e.g. jdbc:postgresql://127.0.0.1:5432/lake)"));
    }
    if (type == Type.BIGQUERY && bigQueryProject.isBlank()) {
      problems.add(
          Map.entry(BIGQUERY_PROJECT.key(), "is required when warehouse.type is" + " bigquery"));
    }
    if (bigQueryCredentials == Credentials.NONE
        && bigQueryHost.isBlank()
        && type == Type.BIGQUERY) {
      problems.add(
          Map.entry(
              BIGQUERY_CREDENTIALS.key(),
              "none needs warehouse.bigquery.host"
                  + " (a test server); Google's API needs credentials"));
    }
    return problems;
  }

  List<Map.Entry<String, String>> settings() {
    return switch (type) {
      case DUCKDB -> List.of(TYPE.show(type), PATH.show(path), KEYS.show(keys));
      case POSTGRES ->
          List.of(
              TYPE.show(type),
              KEYS.show(keys),
              POSTGRES_URL.show(postgresUrl),
              POSTGRES_USER.show(postgresUser),
              POSTGRES_PASSWORD.show(postgresPassword));
      case BIGQUERY ->
          List.of(
              TYPE.show(type),
              KEYS.show(keys),
              BIGQUERY_PROJECT.show(bigQueryProject),
              BIGQUERY_DATASET_PREFIX.show(bigQueryDatasetPrefix),
              BIGQUERY_LOCATION.show(bigQueryLocation),
              BIGQUERY_BATCH_INTERVAL.show(bigQueryBatchInterval),
              BIGQUERY_HOST.show(bigQueryHost),
              BIGQUERY_CREDENTIALS.show(bigQueryCredentials));
    };
  }
}
