package dev.binlake.capture;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * How to reach the source server and what to capture. The password is never part of {@link
 * #toString()}.
 */
public record SourceSettings(
    String host,
    int port,
    String user,
    String password,
    long serverId,
    TableFilter tables,
    Flavor flavor,
    Duration connectTimeout) {

  /** Which Debezium connector to use; {@code AUTO} asks the server's version. */
  public enum Flavor {
    AUTO,
    MARIADB,
    MYSQL
  }

  public SourceSettings {
    requireNonNull(host, "host is null");
    requireNonNull(user, "user is null");
    requireNonNull(password, "password is null");
    requireNonNull(tables, "tables is null");
    requireNonNull(flavor, "flavor is null");
    requireNonNull(connectTimeout, "connectTimeout is null");
  }

  public String address() {
    return host + ":" + port;
  }

  public SourceSettings withFlavor(Flavor resolved) {
    return new SourceSettings(
        host, port, user, password, serverId, tables, resolved, connectTimeout);
  }

  @Override
  public String toString() {
    return "SourceSettings["
        + user
        + "@"
        + address()
        + ", serverId="
        + serverId
        + ", "
        + tables
        + ", "
        + flavor
        + "]";
  }
}
