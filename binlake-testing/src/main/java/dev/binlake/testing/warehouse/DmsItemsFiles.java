package dev.binlake.testing.warehouse;

import dev.binlake.api.DmsFile;
import dev.binlake.api.TableId;
import dev.binlake.files.dms.DmsFileReader;
import dev.binlake.files.dms.DmsOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The AWS DMS output every warehouse's DMS-load test loads: files written by DuckDB the way DMS
 * writes them (legacy INT_16, TIMESTAMP_MILLIS, {@code Op} only in CDC files) under {@code
 * dms/shop/items/}, and the real DMS full-load file from the shared test data. Needs DuckDB's JDBC
 * driver on the test class path.
 */
public final class DmsItemsFiles {
  public static final TableId ITEMS = new TableId("shop", "items");
  public static final TableId REAL = new TableId("public", "dms_test_table");
  public static final String PREFIX = "dms";
  public static final DmsOptions KEYED =
      DmsOptions.withKeys(Map.of(ITEMS, List.of("id"), REAL, List.of("id")));

  /** Key of the CDC file {@link #writeOpFile} writes. */
  public static final String CDC_KEY = PREFIX + "/shop/items/20240809-192717787.parquet";

  /** DMS's column types for a MySQL/PostgreSQL source: SMALLINT as INT_16, TIMESTAMP_MILLIS. */
  private static final String CDC_COLUMNS =
      "CAST(op AS VARCHAR) AS \"Op\", CAST(ts AS VARCHAR) AS \"DMS_TIMESTAMP\","
          + " CAST(id AS INTEGER) AS id, CAST(name AS VARCHAR) AS name,"
          + " CAST(price AS DECIMAL(15,2)) AS price, CAST(qty AS SMALLINT) AS qty,"
          + " CAST(created AS TIMESTAMP_MS) AS created";

  private static final String FULL_LOAD =
      "SELECT CAST(ts AS VARCHAR) AS \"DMS_TIMESTAMP\", CAST(id AS INTEGER) AS id, CAST(name AS"
          + " VARCHAR) AS name, CAST(price AS DECIMAL(15,2)) AS price, CAST(qty AS SMALLINT) AS"
          + " qty, CAST(created AS TIMESTAMP_MS) AS created FROM (VALUES ";
  private static final String FULL_LOAD_TAIL = ") AS t(ts, id, name, price, qty, created)";
  private static final String CDC = "SELECT " + CDC_COLUMNS + " FROM (VALUES ";
  private static final String CDC_TAIL = ") AS t(op, ts, id, name, price, qty, created)";
  private static final String CREATED = "TIMESTAMP '2024-08-01 10:00:00.123'";

  private final Path store;

  /** Files go under {@code dir/store/<key>}. */
  public DmsItemsFiles(Path dir) {
    this.store = dir.resolve("store");
  }

  /**
   * Two full-load files (LOAD00000009, LOAD0000000A: hex counter) and three CDC files whose names
   * have 3, 2 and 7 fraction digits; the CDC rows tie on timestamps inside a file. Returns their
   * keys, oldest first. In change order the history is: I 1, I 2, I 3, U 1, I 4, D 2, U 3, U 1, D
   * 4, I 2; the latest rows 1 "one v3", 2 "two again", 3 "three v2".
   */
  public List<String> writeItemsFiles() throws SQLException {
    List<String> keys = new ArrayList<>();
    keys.add(
        copy(
            PREFIX + "/shop/items/LOAD00000009.parquet",
            FULL_LOAD
                + fullLoadRow("000001", 1, "one", "1.01", 1)
                + ", "
                + fullLoadRow("000002", 2, "two", "2.10", 2)
                + FULL_LOAD_TAIL));
    keys.add(
        copy(
            PREFIX + "/shop/items/LOAD0000000A.parquet",
            FULL_LOAD + fullLoadRow("000003", 3, "three", "3.10", 3) + FULL_LOAD_TAIL));
    keys.add(
        copy(
            CDC_KEY,
            CDC
                + cdcRow("U", "17.787000", 1, "one v2", "1.02", 1)
                + ", "
                + cdcRow("I", "17.787000", 4, "four", "4.00", 4)
                + ", "
                + cdcRow("D", "17.787000", 2, "two", "2.10", 2)
                + CDC_TAIL));
    keys.add(
        copy(
            PREFIX + "/shop/items/20240809-19271790.parquet",
            CDC + cdcRow("U", "17.900000", 3, "three v2", "3.20", 3) + CDC_TAIL));
    keys.add(
        copy(
            PREFIX + "/shop/items/20240809-1927180001000.parquet",
            CDC
                + cdcRow("U", "18.000100", 1, "one v3", "1.03", 3)
                + ", "
                + cdcRow("D", "18.000100", 4, "four", "4.00", 4)
                + ", "
                + cdcRow("I", "18.000100", 2, "two again", "2.10", 2)
                + CDC_TAIL));
    return keys;
  }

  /** A CDC file ({@link #CDC_KEY}) with one row whose {@code Op} is {@code op}. */
  public String writeOpFile(String op) throws SQLException {
    return copy(
        CDC_KEY,
        CDC
            + "('"
            + op
            + "', '2024-08-09 19:27:17.787000', 1, 'a', 1.0, 1, TIMESTAMP '2024-08-01 10:00:00')"
            + CDC_TAIL);
  }

  private static String fullLoadRow(String micros, int id, String name, String price, int qty) {
    return String.format(
        "('2024-08-09 19:20:00.%s', %d, '%s', %s, %d, %s)", micros, id, name, price, qty, CREATED);
  }

  private static String cdcRow(
      String op, String seconds, int id, String name, String price, int qty) {
    return String.format(
        "('%s', '2024-08-09 19:27:%s', %d, '%s', %s, %d, %s)",
        op, seconds, id, name, price, qty, CREATED);
  }

  private String copy(String key, String select) throws SQLException {
    Path file = local(key);
    try {
      Files.createDirectories(file.getParent());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
        Statement statement = connection.createStatement()) {
      statement.execute("COPY (" + select + ") TO '" + file + "' (FORMAT parquet)");
    }
    return key;
  }

  /** Where the file of {@code key} lies. */
  public Path local(String key) {
    return store.resolve(key);
  }

  /** The description a loader makes of the file of {@code key}. */
  public DmsFile describe(String key, DmsOptions options) {
    return DmsFileReader.describe(local(key), key, PREFIX, options);
  }

  /**
   * The real DMS full-load file of the shared test data (10 rows of {@link #REAL}); aborts the test
   * when it is absent, fails in CI.
   */
  public static Path realFullLoadFile() {
    Path file =
        Path.of(System.getProperty("binlake.root", "."))
            .resolve("../shared/testdata/dms/postgres_source_LOAD00000001.parquet");
    if (!Files.isRegularFile(file)) {
      String message = "the public DMS test file " + file + " is absent (../shared/testdata)";
      if ("true".equals(System.getenv("CI"))) {
        Assertions.fail(message + ": CI must have it");
      }
      Assumptions.abort(message + ": skipping");
    }
    return file;
  }
}
