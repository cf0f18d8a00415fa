package dev.binlake.lambda;

import static java.util.Objects.requireNonNull;

import dev.binlake.api.BinlakeException;
import dev.binlake.api.ErrorCode;
import dev.binlake.api.TableId;
import dev.binlake.api.ViewKeys;
import dev.binlake.storage.ObjectKeys;
import dev.binlake.storage.s3.S3Credentials;
import dev.binlake.storage.s3.S3Settings;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The function's configuration, read from environment variables (all problems reported at once):
 *
 * <pre>
 * BINLAKE_WAREHOUSE_TYPE     postgres (default) | duckdb
 * BINLAKE_POSTGRES_URL       jdbc:postgresql://host:5432/database (postgres: required)
 * BINLAKE_POSTGRES_USER      (postgres: required)
 * BINLAKE_POSTGRES_PASSWORD  (optional)
 * BINLAKE_DUCKDB_PATH        the DuckDB file (duckdb: required)
 * BINLAKE_WAREHOUSE_KEYS     key columns for latest views of tables without a primary key, e.g.
 *                            shop.log: id; public.t: a, b (default: none; see docs/lambda.md)
 * BINLAKE_KEY_PREFIX         load only keys under this prefix, e.g. cdc/ (default: every key)
 * BINLAKE_S3_REGION          default: AWS_REGION, which Lambda sets
 * BINLAKE_S3_ENDPOINT        an S3-compatible endpoint (default: AWS S3)
 * BINLAKE_S3_PATH_STYLE      true | false (default false)
 * BINLAKE_S3_ACCESS_KEY, BINLAKE_S3_SECRET_KEY   static keys (default: the function's role)
 * </pre>
 */
public record LambdaSettings(
    WarehouseTarget warehouse,
    ViewKeys keys,
    String keyPrefix,
    String region,
    Optional<URI> s3Endpoint,
    boolean s3PathStyle,
    Optional<S3Credentials> s3Credentials) {
  /** The variable that names key columns for latest views, as {@code warehouse.keys} does. */
  public static final String KEYS = "BINLAKE_WAREHOUSE_KEYS";

  public LambdaSettings {
    requireNonNull(warehouse, "warehouse is null");
    requireNonNull(keys, "keys is null");
    requireNonNull(keyPrefix, "keyPrefix is null");
    requireNonNull(region, "region is null");
    requireNonNull(s3Endpoint, "s3Endpoint is null");
    requireNonNull(s3Credentials, "s3Credentials is null");
  }

  /** Reads the settings from {@code env} (the process environment in Lambda). */
  public static LambdaSettings fromEnvironment(Map<String, String> env) {
    List<String> problems = new ArrayList<>();
    WarehouseTarget warehouse = warehouse(env, problems);
    ViewKeys keys = keys(value(env, KEYS).orElse(""), problems);
    String prefix = value(env, "BINLAKE_KEY_PREFIX").orElse("");
    try {
      ObjectKeys.requireValidPrefix(prefix);
    } catch (BinlakeException e) {
      problems.add("BINLAKE_KEY_PREFIX '" + prefix + "' is not a key prefix (use e.g. cdc/)");
    }
    String region = value(env, "BINLAKE_S3_REGION").or(() -> value(env, "AWS_REGION")).orElse("");
    if (region.isEmpty()) {
      problems.add("no region: set BINLAKE_S3_REGION (Lambda sets AWS_REGION itself)");
    }
    Optional<URI> endpoint = Optional.empty();
    Optional<String> endpointText = value(env, "BINLAKE_S3_ENDPOINT");
    if (endpointText.isPresent()) {
      try {
        endpoint = Optional.of(new URI(endpointText.get()));
      } catch (URISyntaxException e) {
        problems.add(
            "BINLAKE_S3_ENDPOINT '"
                + endpointText.get()
                + "' is not a URL (e.g. http://host:9000)");
      }
    }
    String pathStyle = value(env, "BINLAKE_S3_PATH_STYLE").orElse("false");
    if (!pathStyle.equals("true") && !pathStyle.equals("false")) {
      problems.add("BINLAKE_S3_PATH_STYLE is '" + pathStyle + "' (use true or false)");
    }
    Optional<String> accessKey = value(env, "BINLAKE_S3_ACCESS_KEY");
    Optional<String> secretKey = value(env, "BINLAKE_S3_SECRET_KEY");
    Optional<S3Credentials> credentials = Optional.empty();
    if (accessKey.isPresent() != secretKey.isPresent()) {
      problems.add(
          "set both BINLAKE_S3_ACCESS_KEY and BINLAKE_S3_SECRET_KEY, or neither (to use the"
              + " function's role)");
    } else if (accessKey.isPresent()) {
      credentials = Optional.of(new S3Credentials(accessKey.get(), secretKey.get()));
    }
    if (!problems.isEmpty()) {
      throw new BinlakeException(
          ErrorCode.CONFIG_INVALID,
          "Cannot configure the binlake Lambda function: %s (fix the function's environment"
              + " variables)",
          String.join("; ", problems));
    }
    return new LambdaSettings(
        warehouse, keys, prefix, region, endpoint, pathStyle.equals("true"), credentials);
  }

  /** Settings for reading objects of {@code bucket}. */
  S3Settings s3(String bucket) {
    S3Settings settings =
        new S3Settings(
            bucket,
            keyPrefix,
            s3Endpoint,
            region,
            s3PathStyle,
            s3Credentials,
            S3Settings.DEFAULT_MULTIPART_THRESHOLD,
            S3Settings.DEFAULT_PART_SIZE);
    return settings;
  }

  /**
   * Parses {@value #KEYS}: entries {@code <database>.<table>: <column>, ...} separated by {@code
   * ;}, the CLI's {@code warehouse.keys} list written on one line.
   */
  static ViewKeys keys(String text, List<String> problems) {
    String example = " (write e.g. shop.log: id; public.lines: order_id, line_no)";
    if (text.startsWith("[") || text.contains("\"")) {
      problems.add(
          KEYS
              + " is '"
              + text
              + "': write the keys without brackets or quotes, one table per"
              + " entry, entries separated by ;"
              + example);
      return ViewKeys.none();
    }
    Map<TableId, List<String>> keys = new LinkedHashMap<>();
    for (String entry : text.split(";")) {
      entry = entry.strip();
      if (entry.isEmpty()) {
        continue;
      }
      int colon = entry.indexOf(':');
      List<String> columns =
          colon < 0
              ? List.of()
              : Arrays.stream(entry.substring(colon + 1).split(","))
                  .map(String::strip)
                  .filter(c -> !c.isEmpty())
                  .toList();
      if (columns.isEmpty()) {
        problems.add(KEYS + " entry '" + entry + "' names no key columns after a colon" + example);
        continue;
      }
      if (columns.stream().anyMatch(c -> c.contains(":"))) {
        problems.add(
            KEYS + " entry '" + entry + "' holds two tables: separate tables with ;" + example);
        continue;
      }
      TableId table;
      try {
        table = TableId.parse(entry.substring(0, colon).strip());
      } catch (BinlakeException e) {
        problems.add(
            KEYS + " entry '" + entry + "' does not start with <database>.<table>" + example);
        continue;
      }
      if (keys.putIfAbsent(table, columns) != null) {
        problems.add(KEYS + " names " + table + " twice (give each table one key)");
      }
    }
    return new ViewKeys(keys);
  }

  private static WarehouseTarget warehouse(Map<String, String> env, List<String> problems) {
    String type = value(env, "BINLAKE_WAREHOUSE_TYPE").orElse("postgres").toLowerCase(Locale.ROOT);
    switch (type) {
      case "postgres" -> {
        Optional<String> url = value(env, "BINLAKE_POSTGRES_URL");
        Optional<String> user = value(env, "BINLAKE_POSTGRES_USER");
        if (url.isEmpty()) {
          problems.add(
              "BINLAKE_POSTGRES_URL is not set (e.g. jdbc:postgresql://host:5432/warehouse)");
        } else if (!url.get().startsWith("jdbc:postgresql:")) {
          problems.add(
              "BINLAKE_POSTGRES_URL must start with jdbc:postgresql: (e.g."
                  + " jdbc:postgresql://host:5432/warehouse)");
        }
        if (user.isEmpty()) {
          problems.add("BINLAKE_POSTGRES_USER is not set");
        }
        return new WarehouseTarget.Postgres(
            url.orElse(""), user.orElse(""), value(env, "BINLAKE_POSTGRES_PASSWORD"));
      }
      case "duckdb" -> {
        Optional<String> path = value(env, "BINLAKE_DUCKDB_PATH");
        if (path.isEmpty()) {
          problems.add("BINLAKE_DUCKDB_PATH is not set (e.g. /mnt/efs/lake.duckdb)");
        }
        return new WarehouseTarget.DuckDb(Path.of(path.orElse("lake.duckdb")));
      }
      default -> {
        problems.add("BINLAKE_WAREHOUSE_TYPE is '" + type + "' (use postgres or duckdb)");
        return new WarehouseTarget.DuckDb(Path.of("lake.duckdb"));
      }
    }
  }

  private static Optional<String> value(Map<String, String> env, String name) {
    String value = env.get(name);
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
  }
}
