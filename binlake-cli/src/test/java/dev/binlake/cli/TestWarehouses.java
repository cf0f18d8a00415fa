package dev.binlake.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.binlake.testing.warehouse.PostgresTestDatabase;
import dev.binlake.warehouse.bigquery.fake.FakeBigQuery;
import java.time.Duration;
import java.util.List;

/**
 * The warehouses a parameterized IT runs against — {@code duckdb}, {@code postgres} (a database of
 * its own on the machine's server) and {@code bigquery} (the fake REST server) — started when a
 * test first needs them and closed with {@link #close()} in the class's {@code @AfterAll}, which
 * also fails on any request the fake BigQuery refused.
 */
public final class TestWarehouses implements AutoCloseable {
  private final Class<?> owner;
  private PostgresTestDatabase postgres;
  private FakeBigQuery bigQuery;

  public TestWarehouses(Class<?> owner) {
    this.owner = owner;
  }

  public synchronized PostgresTestDatabase postgres() {
    if (postgres == null) {
      postgres = PostgresTestDatabase.create(owner);
    }
    return postgres;
  }

  public synchronized FakeBigQuery bigQuery() {
    if (bigQuery == null) {
      try {
        bigQuery = FakeBigQuery.start("binlake-test", "US", Duration.ofSeconds(1));
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
    return bigQuery;
  }

  /** The {@code warehouse:} section of binlake.yaml for {@code type}. */
  public List<String> config(String type) {
    return switch (type) {
      case "duckdb" -> List.of("warehouse:", "  path: ./lake.duckdb");
      case "postgres" ->
          List.of(
              "warehouse:",
              "  type: postgres",
              "  postgres:",
              "    url: " + postgres().jdbcUrl(),
              "    user: " + postgres().user());
      case "bigquery" ->
          List.of(
              "warehouse:",
              "  type: bigquery",
              "  bigquery:",
              "    project: binlake-test",
              "    host: " + bigQuery().url(),
              "    credentials: none",
              "    batch-interval: 1s");
      default -> throw new IllegalArgumentException(type);
    };
  }

  /** A quoted identifier in {@code type}'s SQL (BigQuery takes backticks). */
  public static String quote(String type, String name) {
    return "bigquery".equals(type) ? "`" + name + "`" : "\"" + name + "\"";
  }

  /** A table of database {@code db}, named as {@code type}'s SQL names it. */
  public static String table(String type, String db, String table) {
    return "bigquery".equals(type) ? "`" + db + "." + table + "`" : "\"" + db + "\"." + table;
  }

  @Override
  public synchronized void close() {
    if (postgres != null) {
      postgres.close();
    }
    if (bigQuery != null) {
      assertThat(bigQuery.problems()).as("requests the fake BigQuery refused").isEmpty();
      try {
        bigQuery.close();
      } catch (java.sql.SQLException e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
