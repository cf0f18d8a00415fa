package dev.binlake.testing.warehouse;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A database of its own on the machine's PostgreSQL (127.0.0.1:5432, user postgres, trust
 * authentication; override with {@code BINLAKE_TEST_POSTGRES_URL} (ending in {@code /}), {@code
 * BINLAKE_TEST_POSTGRES_USER} and {@code BINLAKE_TEST_POSTGRES_PASSWORD}), named {@code
 * binlake_<owner>_<random>} and dropped by {@link #close()}. The PostgreSQL JDBC driver must be on
 * the classpath; this class does not compile against it.
 */
public final class PostgresTestDatabase implements AutoCloseable {
  private static final String START_HINT =
      "start it with `pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start`;"
          + " CI has it running";

  private final String serverUrl;
  private final String user;
  private final String password;
  private final String name;

  private PostgresTestDatabase(String serverUrl, String user, String password, String name) {
    this.serverUrl = serverUrl;
    this.user = user;
    this.password = password;
    this.name = name;
  }

  /** Creates a fresh UTF-8 database; fails with how to start the server if it is not running. */
  public static PostgresTestDatabase create(Class<?> owner) {
    String serverUrl = setting("BINLAKE_TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/");
    String user = setting("BINLAKE_TEST_POSTGRES_USER", "postgres");
    String label = owner.getSimpleName().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    String name =
        "binlake_"
            + label.substring(0, Math.min(label.length(), 40))
            + "_"
            + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffL);
    String password = setting("BINLAKE_TEST_POSTGRES_PASSWORD", null);
    PostgresTestDatabase database = new PostgresTestDatabase(serverUrl, user, password, name);
    try (Connection connection = database.connect(serverUrl + "postgres");
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE " + name + " ENCODING 'UTF8' TEMPLATE template0");
    } catch (SQLException e) {
      throw new IllegalStateException(
          "Cannot create test database "
              + name
              + " on the PostgreSQL server at "
              + serverUrl
              + " as "
              + user
              + ": "
              + e.getMessage()
              + " ("
              + START_HINT
              + ")",
          e);
    }
    return database;
  }

  private static String setting(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }

  public String jdbcUrl() {
    return serverUrl + name;
  }

  public String user() {
    return user;
  }

  /** Null with trust authentication, the default. */
  public String password() {
    return password;
  }

  public String name() {
    return name;
  }

  public Connection connect() throws SQLException {
    return connect(jdbcUrl());
  }

  private Connection connect(String url) throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", user);
    if (password != null) {
      properties.setProperty("password", password);
    }
    return DriverManager.getConnection(url, properties);
  }

  /** Drops every schema but PostgreSQL's own and {@code public}: an empty warehouse again. */
  public void dropSchemas() {
    try (Connection connection = connect();
        Statement statement = connection.createStatement()) {
      List<String> schemas = new ArrayList<>();
      try (ResultSet rows =
          statement.executeQuery(
              "SELECT nspname FROM pg_namespace WHERE nspname NOT LIKE 'pg\\_%'"
                  + " AND nspname NOT IN ('public', 'information_schema')")) {
        while (rows.next()) {
          schemas.add(rows.getString(1));
        }
      }
      for (String schema : schemas) {
        statement.execute("DROP SCHEMA \"" + schema.replace("\"", "\"\"") + "\" CASCADE");
      }
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot empty test database " + name + ": " + e, e);
    }
  }

  /** Drops the database, ending connections still open to it. */
  @Override
  public void close() {
    try (Connection connection = connect(serverUrl + "postgres");
        Statement statement = connection.createStatement()) {
      statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    } catch (SQLException e) {
      throw new IllegalStateException(
          "Cannot drop test database " + name + ": " + e.getMessage() + " (drop it by hand)", e);
    }
  }
}
