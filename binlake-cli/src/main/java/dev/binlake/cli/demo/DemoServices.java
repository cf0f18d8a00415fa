package dev.binlake.cli.demo;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConnectionFactory;
import dev.binlake.api.BinlakeException;
import dev.binlake.api.ErrorCode;
import dev.binlake.cli.config.BinlakeConfig;
import dev.binlake.cli.config.EventsConfig;
import dev.binlake.events.RetryPolicy;
import dev.binlake.events.rabbitmq.RabbitMqSettings;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/** The machine's services the scaled demo uses: a PostgreSQL database and RabbitMQ queues. */
final class DemoServices {
  private DemoServices() {}

  /**
   * Drops and creates {@code database} on the server at {@code serverUrl} (ending in {@code /}) and
   * returns its JDBC URL.
   */
  static String recreatePostgresDatabase(
      String serverUrl, String user, String password, String database) {
    String base = serverUrl.endsWith("/") ? serverUrl : serverUrl + "/";
    Properties properties = new Properties();
    properties.setProperty("user", user);
    if (password != null) {
      properties.setProperty("password", password);
    }
    try (Connection connection = DriverManager.getConnection(base + "postgres", properties);
        Statement statement = connection.createStatement()) {
      statement.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
      statement.execute("CREATE DATABASE " + database + " ENCODING 'UTF8' TEMPLATE template0");
    } catch (SQLException e) {
      throw new BinlakeException(
          ErrorCode.WAREHOUSE_FAILED,
          e,
          "Cannot re-create the demo database %s on PostgreSQL at %s as %s: %s (start"
              + " PostgreSQL, or pass --postgres-url/--postgres-user and"
              + " BINLAKE_DEMO_POSTGRES_PASSWORD)",
          database,
          base,
          user,
          e.getMessage());
    }
    return base + database;
  }

  /**
   * Deletes the work, retry and dead-letter queues of the configured RabbitMQ queue, so events of
   * an earlier demo (whose files are gone) do not reach this one's loaders. Returns the broker's
   * URI without its password.
   */
  static String clearRabbitMqQueues(BinlakeConfig config) {
    EventsConfig events = config.events();
    RabbitMqSettings settings =
        new RabbitMqSettings(
            URI.create(events.rabbitMqUri().reveal()),
            events.rabbitMqQueue(),
            RabbitMqSettings.DEFAULT_PREFETCH,
            new RetryPolicy(events.retryBaseDelay(), events.retryMaxDelay(), events.maxAttempts()));
    ConnectionFactory factory = new ConnectionFactory();
    try {
      factory.setUri(settings.uri());
      try (com.rabbitmq.client.Connection connection = factory.newConnection("binlake demo")) {
        for (String queue : settings.queueNames()) {
          try (Channel channel = connection.createChannel()) {
            channel.queueDelete(queue);
          }
        }
      }
    } catch (Exception e) {
      throw new BinlakeException(
          ErrorCode.LOAD_FAILED,
          e,
          "Cannot reach RabbitMQ at %s to empty the demo queue %s: %s (start RabbitMQ, e.g."
              + " `service rabbitmq-server start`, or pass --amqp-uri)",
          settings.safeUri(),
          settings.queue(),
          e.getMessage());
    }
    return settings.safeUri();
  }
}
