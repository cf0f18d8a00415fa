package dev.binlake.cli.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.binlake.api.TableId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BinlakeConfigTest {
  static final String DESIGN_EXAMPLE =
      """
      source:
        host: 127.0.0.1
        port: 3306
        user: binlake
        password: ${env:BINLAKE_SOURCE_PASSWORD}
        server-id: 5401
        include: ["shop.%"]        # DMS-style wildcards: % any run of characters, _ one character
        exclude: []
      storage:
        uri: file:./lake           # or s3://bucket/prefix (endpoint, region, path-style under storage.s3)
      files:
        max-batch-interval: 60s    # like DMS CdcMaxBatchInterval
        min-file-size: 32MB        # like DMS CdcMinFileSize
      warehouse:
        type: duckdb               # duckdb | postgres | bigquery
        path: ./lake.duckdb
      state:
        dir: ./state
      """;

  static final String MINIMAL =
      """
      source:
        host: db.example.com
        user: binlake
        password: ""
        server-id: 7
      """;

  @TempDir Path folder;

  BinlakeConfig load(String yaml, Map<String, String> env) throws IOException {
    Path file = folder.resolve("binlake.yaml");
    Files.writeString(file, yaml);
    return BinlakeConfig.load(file, env);
  }

  @Test
  void readsTheDesignExample() throws IOException {
    BinlakeConfig config = load(DESIGN_EXAMPLE, Map.of("BINLAKE_SOURCE_PASSWORD", "s3cr3t"));

    SourceConfig source = config.source();
    assertThat(source.host()).isEqualTo("127.0.0.1");
    assertThat(source.port()).isEqualTo(3306);
    assertThat(source.user()).isEqualTo("binlake");
    assertThat(source.password().reveal()).isEqualTo("s3cr3t");
    assertThat(source.serverId()).isEqualTo(5401L);
    assertThat(source.include()).containsExactly(new TablePattern("shop", "%"));
    assertThat(source.exclude()).isEmpty();
    assertThat(source.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(source.database()).isEqualTo(SourceConfig.Flavor.AUTO);

    assertThat(config.storage().isLocal()).isTrue();
    assertThat(config.storage().localFolder()).isEqualTo(folder.resolve("lake"));
    assertThat(config.storage().uri().toString()).isEqualTo("file:" + folder.resolve("lake"));
    assertThat(config.files().maxBatchInterval()).isEqualTo(Duration.ofSeconds(60));
    assertThat(config.files().minFileSize().bytes()).isEqualTo(32L * 1024 * 1024);
    assertThat(config.files().codec()).isEqualTo(FilesConfig.Codec.SNAPPY);
    assertThat(config.warehouse().type()).isEqualTo(WarehouseConfig.Type.DUCKDB);
    assertThat(config.warehouse().path()).isEqualTo(folder.resolve("lake.duckdb"));
    assertThat(config.state().dir()).isEqualTo(folder.resolve("state"));
  }

  @Test
  void fillsEveryOptionalKeyWithItsDefault() throws IOException {
    BinlakeConfig config = load(MINIMAL, Map.of());

    assertThat(config.source().port()).isEqualTo(3306);
    assertThat(config.source().password().reveal()).isEmpty();
    assertThat(config.source().include()).containsExactly(new TablePattern("%", "%"));
    assertThat(config.source().exclude()).isEmpty();
    assertThat(config.source().connectTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(config.source().database()).isEqualTo(SourceConfig.Flavor.AUTO);
    assertThat(config.storage().localFolder()).isEqualTo(folder.resolve("lake"));
    assertThat(config.files())
        .isEqualTo(
            new FilesConfig(
                Duration.ofSeconds(60), DataSize.parse("32MB"), FilesConfig.Codec.SNAPPY));
    assertThat(config.warehouse().type()).isEqualTo(WarehouseConfig.Type.DUCKDB);
    assertThat(config.warehouse().path()).isEqualTo(folder.resolve("lake.duckdb"));
    assertThat(config.warehouse().keys()).isEmpty();
    assertThat(config.state().dir()).isEqualTo(folder.resolve("state"));
  }

  @Test
  void readsEveryOptionThatIsNotInTheDesignExample() throws IOException {
    String yaml =
        MINIMAL
            + "  port: 3307\n"
            + "  connect-timeout: 2.5s\n"
            + "  database: MariaDB\n"
            + "  include: [\"shop.%\", \"crm.customer_\"]\n"
            + "  exclude: [\"shop.tmp%\"]\n"
            + "files:\n"
            + "  codec: zstd\n"
            + "  min-file-size: 1048576\n"
            + "  max-batch-interval: 100ms\n";
    BinlakeConfig config = load(yaml, Map.of());
    assertThat(config.source().port()).isEqualTo(3307);
    assertThat(config.source().connectTimeout()).isEqualTo(Duration.ofMillis(2500));
    assertThat(config.source().database()).isEqualTo(SourceConfig.Flavor.MARIADB);
    assertThat(config.source().include())
        .extracting(TablePattern::toString)
        .containsExactly("shop.%", "crm.customer_");
    assertThat(config.files())
        .isEqualTo(
            new FilesConfig(
                Duration.ofMillis(100), DataSize.ofBytes(1_048_576), FilesConfig.Codec.ZSTD));
  }

  @Test
  void capturesIncludedTablesThatAreNeitherExcludedNorSystemTables() throws IOException {
    SourceConfig source = load(MINIMAL + "  exclude: [\"shop.tmp%\"]\n", Map.of()).source();
    assertThat(source.captures(new TableId("shop", "orders"))).isTrue();
    assertThat(source.captures(new TableId("shop", "tmp_orders"))).isFalse();
    assertThat(source.captures(new TableId("mysql", "user"))).isFalse();
    assertThat(source.captures(new TableId("information_schema", "tables"))).isFalse();
  }

  @Test
  void substitutesEnvironmentVariablesInAnyScalar() throws IOException {
    String yaml =
        """
        source:
          host: ${env:DB_HOST}
          port: ${env:DB_PORT}
          user: ${env:DB_USER}
          password: pre-${env:P1}-${env:P2}-post
          server-id: 1
          include: ["${env:DB_NAME}.%"]
        state:
          dir: ${env:STATE_ROOT}/state
        """;
    BinlakeConfig config =
        load(
            yaml,
            Map.of(
                "DB_HOST",
                "db1",
                "DB_PORT",
                "3310",
                "DB_USER",
                "u",
                "P1",
                "a",
                "P2",
                "",
                "DB_NAME",
                "shop",
                "STATE_ROOT",
                "/var/lib/binlake"));
    assertThat(config.source().host()).isEqualTo("db1");
    assertThat(config.source().port()).isEqualTo(3310);
    assertThat(config.source().user()).isEqualTo("u");
    assertThat(config.source().password().reveal()).isEqualTo("pre-a--post");
    assertThat(config.source().include()).containsExactly(new TablePattern("shop", "%"));
    assertThat(config.state().dir()).isEqualTo(Path.of("/var/lib/binlake/state"));
  }

  @Test
  void keepsOtherDollarTextAsWritten() throws IOException {
    BinlakeConfig config = load(MINIMAL.replace("password: \"\"", "password: a${b}$c"), Map.of());
    assertThat(config.source().password().reveal()).isEqualTo("a${b}$c");
  }

  @Test
  void resolvesRelativePathsAgainstTheConfigFilesFolder() throws IOException {
    Path nested = folder.resolve("conf/prod");
    Files.createDirectories(nested);
    Path file = nested.resolve("binlake.yaml");
    Files.writeString(
        file,
        MINIMAL
            + "storage:\n  uri: file:../data/lake\n"
            + "warehouse:\n  path: wh/lake.duckdb\n"
            + "state:\n  dir: /abs/state\n");

    Path relativeToWorkingFolder = Path.of("").toAbsolutePath().relativize(file);
    BinlakeConfig config = BinlakeConfig.load(relativeToWorkingFolder, Map.of());

    assertThat(config.storage().localFolder()).isEqualTo(folder.resolve("conf/data/lake"));
    assertThat(config.warehouse().path()).isEqualTo(nested.resolve("wh/lake.duckdb"));
    assertThat(config.state().dir()).isEqualTo(Path.of("/abs/state"));
  }

  @Test
  void acceptsAbsoluteFileUris() throws IOException {
    BinlakeConfig config = load(MINIMAL + "storage:\n  uri: file:///tmp/some%20lake\n", Map.of());
    assertThat(config.storage().localFolder()).isEqualTo(Path.of("/tmp/some lake"));
    assertThat(StorageConfig.local(Path.of("/tmp/some lake"))).isEqualTo(config.storage());
  }

  @Test
  void treatsEmptySectionsAndValuesAsNotSet() throws IOException {
    BinlakeConfig config = load(MINIMAL + "  port:\n  exclude: ~\nfiles:\nstate: null\n", Map.of());
    assertThat(config.source().port()).isEqualTo(3306);
    assertThat(config.files().codec()).isEqualTo(FilesConfig.Codec.SNAPPY);
    assertThat(config.state().dir()).isEqualTo(folder.resolve("state"));
  }

  @Test
  void summarisesEverySettingWithoutTheSecret() throws IOException {
    BinlakeConfig config = load(DESIGN_EXAMPLE, Map.of("BINLAKE_SOURCE_PASSWORD", "s3cr3t"));
    assertThat(config.redactedSummary())
        .isEqualTo(
            """
            binlake configuration (secrets hidden):
              source.host                  127.0.0.1
              source.port                  3306
              source.user                  binlake
              source.password              ******
              source.server-id             5401
              source.include               ["shop.%"]
              source.exclude               []
              source.connect-timeout       10s
              source.database              auto
              source.skip-unparseable-ddl  false
              source.on-purged-binlog      stop
              source.reader                debezium
              source.columns.exclude       []
              source.columns.hash          []
              source.columns.hash-key      ******
              source.tls.mode              disabled
              source.tls.ca-file           ""
              storage.uri                  file:FOLDER/lake
              files.max-batch-interval     1m
              files.min-file-size          32MB
              files.codec                  snappy
              warehouse.type               duckdb
              warehouse.path               FOLDER/lake.duckdb
              warehouse.keys               []
              state.dir                    FOLDER/state
              events.type                  in-process
              events.max-attempts          8
              events.retry-base-delay      100ms
              events.retry-max-delay       10s
              dms.enabled                  false\
            """
                .replace("FOLDER", folder.toString()));
    assertThat(config.toString()).doesNotContain("s3cr3t").contains("password=******");
  }

  @Test
  void declaresEveryOptionOnceWithADescription() {
    List<String> keys = BinlakeConfig.options().stream().map(ConfigOption::key).toList();
    assertThat(keys)
        .doesNotHaveDuplicates()
        .contains(
            "source.host",
            "source.port",
            "source.user",
            "source.password",
            "source.server-id",
            "source.include",
            "source.exclude",
            "source.connect-timeout",
            "source.database",
            "storage.uri",
            "files.max-batch-interval",
            "files.min-file-size",
            "files.codec",
            "warehouse.type",
            "warehouse.path",
            "state.dir",
            "events.type",
            "events.rabbitmq.uri",
            "events.nats.url",
            "events.sqs.queue");
    assertThat(BinlakeConfig.sections(BinlakeConfig.options()))
        .containsExactly(
            "source",
            "source.columns",
            "source.tls",
            "storage",
            "storage.s3",
            "files",
            "warehouse",
            "warehouse.postgres",
            "warehouse.bigquery",
            "state",
            "events",
            "events.rabbitmq",
            "events.nats",
            "events.sqs",
            "dms");
  }
}
