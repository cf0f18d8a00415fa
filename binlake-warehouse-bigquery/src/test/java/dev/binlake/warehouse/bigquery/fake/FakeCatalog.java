package dev.binlake.warehouse.bigquery.fake;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fake's storage: an in-memory DuckDB database where a BigQuery dataset is a schema and a table
 * or view is a table or view. Translates the few GoogleSQL constructs binlake uses (backquoted
 * names, {@code CURRENT_TIMESTAMP()}, {@code @named} parameters, and the functions and types of
 * validate's checksum queries) to DuckDB.
 */
final class FakeCatalog implements AutoCloseable {
  private static final Pattern BACKQUOTED = Pattern.compile("`((?:[^`\\\\]|\\\\.)*)`");
  private static final Pattern PARAMETER = Pattern.compile("@([A-Za-z_][A-Za-z0-9_]*)");

  /** A query's result: BigQuery field types and the values as DuckDB returned them. */
  record Rows(List<String> names, List<String> types, List<List<Object>> values, long affected) {}

  private final String project;
  private final Connection duckdb;

  FakeCatalog(String project) throws SQLException {
    this.project = project;
    this.duckdb = DriverManager.getConnection("jdbc:duckdb:");
    execute("SET TimeZone = 'UTC'");
    // GoogleSQL functions DuckDB lacks (see translate): same results for the arguments binlake
    // passes (non-negative integral DIV operands; %E4Y and %E6S as the only extended formats).
    execute("CREATE MACRO bq_div(a, b) AS CAST(a AS HUGEINT) // CAST(b AS HUGEINT)");
    execute("CREATE MACRO bq_strftime(f) AS replace(replace(f, '%E4Y', '%Y'), '%E6S', '%S.%f')");
    execute("CREATE MACRO bq_format_date(f, d) AS strftime(d, bq_strftime(f))");
    execute("CREATE MACRO bq_format_datetime(f, d) AS strftime(d, bq_strftime(f))");
    execute(
        "CREATE MACRO bq_format_timestamp(f, t, tz) AS strftime(timezone(tz, t), bq_strftime(f))");
  }

  synchronized void execute(String sql) throws SQLException {
    try (Statement statement = duckdb.createStatement()) {
      statement.execute(sql);
    }
  }

  static String quote(String name) {
    return '"' + name.replace("\"", "\"\"") + '"';
  }

  static String qualified(String dataset, String table) {
    return quote(dataset) + "." + quote(table);
  }

  /** The DuckDB type that stores a BigQuery type (BIGNUMERIC as exact text). */
  static String duckType(String bigQueryType) {
    return switch (bigQueryType) {
      case "STRING", "JSON", "BIGNUMERIC" -> "VARCHAR";
      case "INT64", "INTEGER" -> "BIGINT";
      case "FLOAT64", "FLOAT" -> "DOUBLE";
      case "BOOL", "BOOLEAN" -> "BOOLEAN";
      case "NUMERIC" -> "DECIMAL(38,9)";
      case "BYTES" -> "BLOB";
      case "DATE" -> "DATE";
      case "DATETIME" -> "TIMESTAMP";
      case "TIMESTAMP" -> "TIMESTAMP WITH TIME ZONE";
      default -> throw new IllegalArgumentException("the fake does not store " + bigQueryType);
    };
  }

  /** The BigQuery type of a DuckDB result column, spelled as the REST API does (legacy names). */
  static String bigQueryType(String duckType) {
    String type = duckType.toUpperCase(Locale.ROOT);
    if (type.startsWith("DECIMAL")) {
      return "NUMERIC";
    }
    return switch (type) {
      case "BIGINT", "INTEGER", "HUGEINT", "SMALLINT", "TINYINT", "UBIGINT" -> "INTEGER";
      case "DOUBLE", "FLOAT" -> "FLOAT";
      case "BOOLEAN" -> "BOOLEAN";
      case "DATE" -> "DATE";
      case "TIMESTAMP" -> "DATETIME";
      case "TIMESTAMP WITH TIME ZONE" -> "TIMESTAMP";
      case "BLOB" -> "BYTES";
      case "JSON" -> "JSON";
      default -> "STRING";
    };
  }

  synchronized void createTable(String dataset, String table, JsonNode fields) throws SQLException {
    StringBuilder sql =
        new StringBuilder("CREATE TABLE ").append(qualified(dataset, table)).append(" (");
    for (int i = 0; i < fields.size(); i++) {
      JsonNode field = fields.get(i);
      sql.append(i == 0 ? "" : ", ")
          .append(quote(field.get("name").asText()))
          .append(' ')
          .append(duckType(field.get("type").asText()));
    }
    execute(sql.append(')').toString());
  }

  synchronized void addColumn(String dataset, String table, String name, String type)
      throws SQLException {
    execute(
        "ALTER TABLE "
            + qualified(dataset, table)
            + " ADD COLUMN "
            + quote(name)
            + " "
            + duckType(type));
  }

  synchronized void createOrReplaceView(String dataset, String view, String googleSql)
      throws SQLException {
    execute("CREATE OR REPLACE VIEW " + qualified(dataset, view) + " AS " + translate(googleSql));
  }

  synchronized void dropView(String dataset, String view) throws SQLException {
    execute("DROP VIEW IF EXISTS " + qualified(dataset, view));
  }

  /** Columns and DuckDB types of a Parquet file, as read_parquet sees them. */
  synchronized Map<String, String> parquetColumns(Path file) throws SQLException {
    Map<String, String> columns = new LinkedHashMap<>();
    try (PreparedStatement describe =
        duckdb.prepareStatement("DESCRIBE SELECT * FROM read_parquet(?)")) {
      describe.setString(1, file.toString());
      try (ResultSet rows = describe.executeQuery()) {
        while (rows.next()) {
          columns.put(rows.getString(1), rows.getString(2));
        }
      }
    }
    return columns;
  }

  /** How many rows of a Parquet file hold {@code value} in {@code column}. */
  synchronized long countMatching(Path file, String column, String value) throws SQLException {
    try (PreparedStatement count =
        duckdb.prepareStatement(
            "SELECT count(*) FROM read_parquet(?) WHERE CAST("
                + quote(column)
                + " AS VARCHAR) = ?")) {
      count.setString(1, file.toString());
      count.setString(2, value);
      try (ResultSet rows = count.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
    }
  }

  /** Appends a Parquet file's rows by column name; returns the row count. */
  synchronized long append(String dataset, String table, Path file) throws SQLException {
    try (PreparedStatement insert =
        duckdb.prepareStatement(
            "INSERT INTO "
                + qualified(dataset, table)
                + " BY NAME SELECT * FROM read_parquet(?)")) {
      insert.setString(1, file.toString());
      return insert.executeUpdate();
    }
  }

  /** Runs translated GoogleSQL with named parameters ({@code name -> [type, value]}). */
  synchronized Rows query(String googleSql, Map<String, String[]> parameters) throws SQLException {
    return query(googleSql, parameters, java.util.Set.of());
  }

  /**
   * Like {@link #query(String, Map)}; a text result column named like a BIGNUMERIC column of some
   * table ({@code bigNumericColumns}, lower case) is reported as BIGNUMERIC: DuckDB keeps those as
   * exact text, and the name is the only lineage the fake has.
   */
  synchronized Rows query(
      String googleSql, Map<String, String[]> parameters, java.util.Set<String> bigNumericColumns)
      throws SQLException {
    List<String[]> bound = new ArrayList<>();
    Matcher names = PARAMETER.matcher(translate(googleSql));
    StringBuilder sql = new StringBuilder();
    while (names.find()) {
      String[] parameter = parameters.get(names.group(1));
      if (parameter == null) {
        throw new SQLException("Query parameter '" + names.group(1) + "' not found");
      }
      bound.add(parameter);
      names.appendReplacement(sql, "?");
    }
    names.appendTail(sql);
    try (PreparedStatement statement = duckdb.prepareStatement(sql.toString())) {
      for (int i = 0; i < bound.size(); i++) {
        String[] parameter = bound.get(i);
        switch (parameter[0]) {
          case "INT64" -> statement.setLong(i + 1, Long.parseLong(parameter[1]));
          case "STRING" -> statement.setString(i + 1, parameter[1]);
          default -> throw new SQLException("the fake takes no " + parameter[0] + " parameters");
        }
      }
      if (!statement.execute()) {
        return new Rows(List.of(), List.of(), List.of(), statement.getUpdateCount());
      }
      try (ResultSet result = statement.getResultSet()) {
        ResultSetMetaData meta = result.getMetaData();
        List<String> columnNames = new ArrayList<>();
        List<String> types = new ArrayList<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
          columnNames.add(meta.getColumnLabel(i));
          String type = bigQueryType(meta.getColumnTypeName(i));
          boolean isBigNumeric =
              type.equals("STRING")
                  && bigNumericColumns.contains(meta.getColumnLabel(i).toLowerCase(Locale.ROOT));
          types.add(isBigNumeric ? "BIGNUMERIC" : type);
        }
        List<List<Object>> values = new ArrayList<>();
        while (result.next()) {
          List<Object> row = new ArrayList<>();
          for (int i = 1; i <= columnNames.size(); i++) {
            Object value =
                switch (types.get(i - 1)) {
                  case "DATETIME" -> result.getObject(i, java.time.LocalDateTime.class);
                  case "TIMESTAMP" -> result.getObject(i, java.time.OffsetDateTime.class);
                  case "DATE" -> result.getObject(i, java.time.LocalDate.class);
                  default -> result.getObject(i);
                };
            row.add(value instanceof BigDecimal decimal ? decimal.stripTrailingZeros() : value);
          }
          values.add(row);
        }
        return new Rows(columnNames, types, values, 0);
      }
    }
  }

  /**
   * GoogleSQL to DuckDB: {@code `project`.} goes, a backquoted {@code a.b} becomes {@code "a"."b"},
   * other backquoted names become double-quoted, {@code CURRENT_TIMESTAMP()} loses its parentheses;
   * {@code FLOAT64} and {@code NUMERIC} casts, {@code TO_HEX(MD5(…))}, {@code
   * CODE_POINTS_TO_STRING([31])}, {@code DIV} and {@code FORMAT_DATE/DATETIME/TIMESTAMP} become
   * their DuckDB equivalents. Everything else binlake writes (QUALIFY, ROW_NUMBER, COUNT(DISTINCT
   * …), CAST AS INT64/STRING, LN, POW, STRPOS, RTRIM, SUBSTR) DuckDB reads as it is.
   */
  String translate(String googleSql) {
    String sql = googleSql.replace("`" + project + "`.", "");
    Matcher names = BACKQUOTED.matcher(sql);
    StringBuilder out = new StringBuilder();
    while (names.find()) {
      String name = names.group(1).replace("\\`", "`").replace("\\\\", "\\");
      if (name.startsWith(project + ".")) {
        name = name.substring(project.length() + 1);
      }
      String quoted =
          name.contains(".") && !names.group(1).contains(" ")
              ? String.join(
                  ".", java.util.Arrays.stream(name.split("\\.")).map(FakeCatalog::quote).toList())
              : quote(name);
      names.appendReplacement(out, Matcher.quoteReplacement(quoted));
    }
    names.appendTail(out);
    return out.toString()
        .replace("CURRENT_TIMESTAMP()", "current_timestamp")
        // types DuckDB spells differently; NUMERIC as the fake stores it
        .replace(" AS FLOAT64)", " AS DOUBLE)")
        .replace(" AS NUMERIC)", " AS DECIMAL(38,9))")
        // MD5 gives BYTES in GoogleSQL, TO_HEX makes them hex text; DuckDB's md5 gives hex text
        .replace("TO_HEX(MD5(", "(md5(")
        .replace("CODE_POINTS_TO_STRING([31])", "chr(31)")
        .replace("FORMAT_DATE(", "bq_format_date(")
        .replace("FORMAT_DATETIME(", "bq_format_datetime(")
        .replace("FORMAT_TIMESTAMP(", "bq_format_timestamp(")
        .replaceAll("\\bDIV\\(", "bq_div(");
  }

  @Override
  public synchronized void close() throws SQLException {
    duckdb.close();
  }
}
