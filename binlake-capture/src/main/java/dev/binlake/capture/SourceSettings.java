package dev.binlake.capture;

import static java.util.Objects.requireNonNull;

import dev.binlake.capture.columns.ColumnRules;
import java.time.Duration;

/**
 * How to reach the source server and what to capture. The password is never part of {@link
 * #toString()}.
 *
 * @param columns columns to exclude or hash before anything is written
 * @param tls TLS to the source, for Debezium's connections and binlake's own
 * @param skipUnparseableDdl whether DDL that Debezium cannot parse is skipped (logged) instead of
 *     stopping capture
 * @param binlakeReader whether binlake's own binlog reader streams where it can ({@link
 *     DirectMode})
 */
public record SourceSettings(
    String host,
    int port,
    String user,
    String password,
    long serverId,
    TableFilter tables,
    Flavor flavor,
    Duration connectTimeout,
    ColumnRules columns,
    SourceTls tls,
    boolean skipUnparseableDdl,
    boolean binlakeReader) {

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
    requireNonNull(columns, "columns is null");
    requireNonNull(tls, "tls is null");
  }

  /** Without column rules, without TLS, stopping at unparseable DDL. */
  public SourceSettings(
      String host,
      int port,
      String user,
      String password,
      long serverId,
      TableFilter tables,
      Flavor flavor,
      Duration connectTimeout) {
    this(
        host,
        port,
        user,
        password,
        serverId,
        tables,
        flavor,
        connectTimeout,
        ColumnRules.none(),
        SourceTls.disabled(),
        false,
        false);
  }

  public String address() {
    return host + ":" + port;
  }

  public SourceSettings withFlavor(Flavor resolved) {
    return new SourceSettings(
        host,
        port,
        user,
        password,
        serverId,
        tables,
        resolved,
        connectTimeout,
        columns,
        tls,
        skipUnparseableDdl,
        binlakeReader);
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
        + ", tls="
        + tls.mode()
        + ", "
        + columns
        + (binlakeReader ? ", reader=binlake" : "")
        + "]";
  }
}
