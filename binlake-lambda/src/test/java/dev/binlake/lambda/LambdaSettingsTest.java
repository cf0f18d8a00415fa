package dev.binlake.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.binlake.api.BinlakeException;
import dev.binlake.api.ErrorCode;
import dev.binlake.api.TableId;
import dev.binlake.api.ViewKeys;
import dev.binlake.storage.s3.S3Credentials;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LambdaSettingsTest {
  @Test
  void postgresWithTheFunctionsRoleAndRegionByDefault() {
    LambdaSettings settings =
        LambdaSettings.fromEnvironment(
            Map.of(
                "AWS_REGION", "eu-west-1",
                "BINLAKE_POSTGRES_URL", "jdbc:postgresql://db:5432/lake",
                "BINLAKE_POSTGRES_USER", "loader",
                "BINLAKE_POSTGRES_PASSWORD", "secret"));

    assertThat(settings)
        .isEqualTo(
            new LambdaSettings(
                new WarehouseTarget.Postgres(
                    "jdbc:postgresql://db:5432/lake", "loader", Optional.of("secret")),
                ViewKeys.none(),
                "",
                "eu-west-1",
                Optional.empty(),
                false,
                Optional.empty()));
    assertThat(settings.toString()).doesNotContain("secret");
  }

  @Test
  void s3CompatibleEndpointWithStaticKeysAndDuckDb() {
    LambdaSettings settings =
        LambdaSettings.fromEnvironment(
            Map.of(
                "AWS_REGION", "eu-west-1",
                "BINLAKE_WAREHOUSE_TYPE", "duckdb",
                "BINLAKE_DUCKDB_PATH", "/mnt/efs/lake.duckdb",
                "BINLAKE_KEY_PREFIX", "cdc/",
                "BINLAKE_S3_REGION", "us-east-1",
                "BINLAKE_S3_ENDPOINT", "http://127.0.0.1:9000",
                "BINLAKE_S3_PATH_STYLE", "true",
                "BINLAKE_S3_ACCESS_KEY", "id",
                "BINLAKE_S3_SECRET_KEY", "key"));

    assertThat(settings)
        .isEqualTo(
            new LambdaSettings(
                new WarehouseTarget.DuckDb(Path.of("/mnt/efs/lake.duckdb")),
                ViewKeys.none(),
                "cdc/",
                "us-east-1",
                Optional.of(URI.create("http://127.0.0.1:9000")),
                true,
                Optional.of(new S3Credentials("id", "key"))));
    assertThat(settings.s3("lake").uri()).isEqualTo("s3://lake/cdc/");
    assertThat(settings.s3("lake").pathStyle()).isTrue();
  }

  @Test
  void reportsEveryProblemAtOnce() {
    assertThatThrownBy(
            () ->
                LambdaSettings.fromEnvironment(
                    Map.of(
                        "BINLAKE_POSTGRES_URL", "postgres://db/lake",
                        "BINLAKE_S3_PATH_STYLE", "yes",
                        "BINLAKE_S3_ACCESS_KEY", "id")))
        .isInstanceOf(BinlakeException.class)
        .hasMessage(
            "Cannot configure the binlake Lambda function: BINLAKE_POSTGRES_URL must start with"
                + " jdbc:postgresql: (e.g. jdbc:postgresql://host:5432/warehouse);"
                + " BINLAKE_POSTGRES_USER is not set; no region: set BINLAKE_S3_REGION (Lambda"
                + " sets AWS_REGION itself); BINLAKE_S3_PATH_STYLE is 'yes' (use true or false);"
                + " set both BINLAKE_S3_ACCESS_KEY and BINLAKE_S3_SECRET_KEY, or neither (to use"
                + " the function's role) (fix the function's environment variables)")
        .extracting(e -> ((BinlakeException) e).code())
        .isEqualTo(ErrorCode.CONFIG_INVALID);
    assertThatThrownBy(
            () ->
                LambdaSettings.fromEnvironment(
                    Map.of("AWS_REGION", "x", "BINLAKE_WAREHOUSE_TYPE", "bigquery")))
        .hasMessage(
            "Cannot configure the binlake Lambda function: BINLAKE_WAREHOUSE_TYPE is 'bigquery'"
                + " (use postgres or duckdb) (fix the function's environment variables)");
  }

  @Test
  void warehouseKeysNameKeyColumnsPerTableSeparatedBySemicolons() {
    LambdaSettings settings =
        LambdaSettings.fromEnvironment(
            Map.of(
                "AWS_REGION", "eu-west-1",
                "BINLAKE_POSTGRES_URL", "jdbc:postgresql://db:5432/lake",
                "BINLAKE_POSTGRES_USER", "loader",
                "BINLAKE_WAREHOUSE_KEYS", " shop.log: id ;public.lines:order_id , line_no; "));

    assertThat(settings.keys().configured())
        .containsExactly(
            Map.entry(new TableId("shop", "log"), List.of("id")),
            Map.entry(new TableId("public", "lines"), List.of("order_id", "line_no")));
  }

  @Test
  void badWarehouseKeysAreReportedWithTheFormatToUse() {
    String example = " (write e.g. shop.log: id; public.lines: order_id, line_no)";
    assertThatThrownBy(() -> LambdaSettings.fromEnvironment(env("shop.log")))
        .isInstanceOf(BinlakeException.class)
        .hasMessage(
            "Cannot configure the binlake Lambda function: BINLAKE_WAREHOUSE_KEYS entry"
                + " 'shop.log' names no key columns after a colon"
                + example
                + " (fix the function's environment variables)")
        .extracting(e -> ((BinlakeException) e).code())
        .isEqualTo(ErrorCode.CONFIG_INVALID);
    assertThatThrownBy(
            () ->
                LambdaSettings.fromEnvironment(
                    env("log: id; shop.a: x, shop.b: y; shop.c: ; shop.log: a; shop.log: b")))
        .hasMessage(
            "Cannot configure the binlake Lambda function: BINLAKE_WAREHOUSE_KEYS entry 'log: id'"
                + " does not start with <database>.<table>"
                + example
                + "; BINLAKE_WAREHOUSE_KEYS entry 'shop.a: x, shop.b: y' holds two tables:"
                + " separate tables with ;"
                + example
                + "; BINLAKE_WAREHOUSE_KEYS entry 'shop.c:' names no key columns after a colon"
                + example
                + "; BINLAKE_WAREHOUSE_KEYS names shop.log twice (give each table one key)"
                + " (fix the function's environment variables)");
    assertThatThrownBy(() -> LambdaSettings.fromEnvironment(env("[\"shop.log: id\"]")))
        .hasMessage(
            "Cannot configure the binlake Lambda function: BINLAKE_WAREHOUSE_KEYS is"
                + " '[\"shop.log: id\"]': write the keys without brackets or quotes, one table per"
                + " entry, entries separated by ;"
                + example
                + " (fix the function's environment variables)");
  }

  private static Map<String, String> env(String keys) {
    return Map.of(
        "AWS_REGION", "eu-west-1",
        "BINLAKE_POSTGRES_URL", "jdbc:postgresql://db:5432/lake",
        "BINLAKE_POSTGRES_USER", "loader",
        "BINLAKE_WAREHOUSE_KEYS", keys);
  }
}
