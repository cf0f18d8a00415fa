package dev.binlake.cli.run;

import dev.binlake.api.BinlakeException;
import dev.binlake.api.ErrorCode;
import dev.binlake.api.EventTransport;
import dev.binlake.api.ObjectStore;
import dev.binlake.api.ViewKeys;
import dev.binlake.api.Warehouse;
import dev.binlake.cli.config.BinlakeConfig;
import dev.binlake.cli.config.EventsConfig;
import dev.binlake.cli.config.StorageConfig;
import dev.binlake.cli.config.WarehouseConfig;
import dev.binlake.events.InProcessEventTransport;
import dev.binlake.events.RetryPolicy;
import dev.binlake.events.nats.NatsEventTransport;
import dev.binlake.events.nats.NatsSettings;
import dev.binlake.events.rabbitmq.RabbitMqEventTransport;
import dev.binlake.events.rabbitmq.RabbitMqSettings;
import dev.binlake.events.sqs.SqsEventTransport;
import dev.binlake.events.sqs.SqsSettings;
import dev.binlake.files.dms.DmsOptions;
import dev.binlake.load.DeadLetters;
import dev.binlake.storage.LocalObjectStore;
import dev.binlake.storage.s3.S3Credentials;
import dev.binlake.storage.s3.S3ObjectStore;
import dev.binlake.storage.s3.S3Settings;
import dev.binlake.warehouse.bigquery.BigQuerySettings;
import dev.binlake.warehouse.bigquery.BigQueryWarehouse;
import dev.binlake.warehouse.duckdb.DuckDbWarehouse;
import dev.binlake.warehouse.postgres.PostgresWarehouse;
import java.net.URI;
import java.util.Optional;

/**
 * Builds the configured implementation of each seam: object store, event transport, warehouse. The
 * one place that knows which classes stand behind the configuration's type names.
 */
public final class Components {
  private Components() {}

  static ObjectStore store(BinlakeConfig config) {
    StorageConfig storage = config.storage();
    if (storage.isLocal()) {
      return new LocalObjectStore(storage.localFolder());
    }
    S3ObjectStore store = new S3ObjectStore(s3Settings(storage));
    store.requireBucket();
    return store;
  }

  private static S3Settings s3Settings(StorageConfig storage) {
    S3Settings settings =
        S3Settings.fromUri(storage.uri().toString(), storage.s3Region())
            .withMultipart(
                storage.s3MultipartThreshold().bytes(), storage.s3MultipartPartSize().bytes());
    if (!storage.s3Endpoint().isBlank()) {
      settings = settings.withEndpoint(URI.create(storage.s3Endpoint()));
    }
    if (storage.s3PathStyleAccess()) {
      settings = settings.withPathStyleAccess();
    }
    if (!storage.s3AccessKey().isEmpty()) {
      settings =
          settings.withCredentials(
              new S3Credentials(storage.s3AccessKey().reveal(), storage.s3SecretKey().reveal()));
    }
    return settings;
  }

  /** The key prefix of change files inside the store: the path of an s3:// URI. */
  static String prefix(BinlakeConfig config) {
    StorageConfig storage = config.storage();
    return storage.isLocal() ? "" : s3Settings(storage).prefix();
  }

  /** Opens the configured warehouse; latest views of tables without a key use warehouse.keys. */
  public static Warehouse warehouse(BinlakeConfig config) {
    WarehouseConfig warehouse = config.warehouse();
    ViewKeys keys = new ViewKeys(warehouse.keys());
    return switch (warehouse.type()) {
      case DUCKDB -> DuckDbWarehouse.open(warehouse.path(), keys);
      case POSTGRES ->
          PostgresWarehouse.open(
              warehouse.postgresUrl(),
              warehouse.postgresUser(),
              warehouse.postgresPassword().isEmpty() ? null : warehouse.postgresPassword().reveal(),
              keys);
      case BIGQUERY -> BigQueryWarehouse.open(bigQuerySettings(config), keys);
    };
  }

  /** The BigQuery settings of {@code warehouse.bigquery.*}. */
  public static BigQuerySettings bigQuerySettings(BinlakeConfig config) {
    WarehouseConfig warehouse = config.warehouse();
    return new BigQuerySettings(
        warehouse.bigQueryProject(),
        warehouse.bigQueryDatasetPrefix(),
        warehouse.bigQueryLocation(),
        warehouse.bigQueryHost().isBlank()
            ? Optional.empty()
            : Optional.of(warehouse.bigQueryHost()),
        warehouse.bigQueryCredentials() == WarehouseConfig.Credentials.NONE
            ? BigQuerySettings.Credentials.NONE
            : BigQuerySettings.Credentials.APPLICATION_DEFAULT,
        warehouse.bigQueryBatchInterval(),
        config.state().dir());
  }

  /** AWS DMS loading settings when {@code dms.enabled}: key columns from warehouse.keys. */
  static Optional<DmsOptions> dms(BinlakeConfig config) {
    if (!config.dms().enabled()) {
      return Optional.empty();
    }
    String column = config.dms().timestampColumn();
    return Optional.of(
        new DmsOptions(
            column.isBlank() ? Optional.empty() : Optional.of(column), config.warehouse().keys()));
  }

  /** Whether only one process may open the warehouse (DuckDB), so readers go through it. */
  public static boolean hasSingleWriter(BinlakeConfig config) {
    return config.warehouse().type() == WarehouseConfig.Type.DUCKDB;
  }

  static EventTransport events(BinlakeConfig config, DeadLetters deadLetters) {
    EventsConfig events = config.events();
    RetryPolicy retry =
        new RetryPolicy(events.retryBaseDelay(), events.retryMaxDelay(), events.maxAttempts());
    int prefetch = events.prefetch();
    try {
      return switch (events.type()) {
        case IN_PROCESS ->
            new InProcessEventTransport(
                retry, letter -> deadLetters.add(letter.event().key(), letter.reason()));
        case RABBITMQ ->
            new RabbitMqEventTransport(
                new RabbitMqSettings(
                    URI.create(events.rabbitMqUri().reveal()),
                    events.rabbitMqQueue(),
                    prefetch > 0 ? prefetch : RabbitMqSettings.DEFAULT_PREFETCH,
                    retry));
        case NATS ->
            new NatsEventTransport(
                new NatsSettings(
                    events.natsUrl(),
                    events.natsStream(),
                    events.natsSubject(),
                    events.natsConsumer(),
                    prefetch > 0 ? prefetch : 1,
                    events.natsAckWait(),
                    retry));
        case SQS ->
            SqsEventTransport.connect(
                new SqsSettings(
                    events.sqsEndpoint().isBlank()
                        ? Optional.empty()
                        : Optional.of(URI.create(events.sqsEndpoint())),
                    events.sqsRegion(),
                    events.sqsQueue(),
                    prefetch > 0 ? prefetch : 1,
                    events.sqsVisibilityTimeout(),
                    retry));
      };
    } catch (IllegalArgumentException e) {
      throw new BinlakeException(
          ErrorCode.CONFIG_INVALID,
          "Cannot use events.%s settings: %s (fix them in the config file)",
          events.type().name().toLowerCase(java.util.Locale.ROOT),
          e.getMessage());
    }
  }
}
