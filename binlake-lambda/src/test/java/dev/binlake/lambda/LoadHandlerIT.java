package dev.binlake.lambda;

import static dev.binlake.lambda.ChangeFiles.change;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.binlake.api.BinlakeException;
import dev.binlake.api.ErrorCode;
import dev.binlake.api.Op;
import dev.binlake.api.OrderKey;
import dev.binlake.api.StoredObject;
import dev.binlake.api.ViewKeys;
import dev.binlake.files.DmsLayout;
import dev.binlake.storage.s3.S3Credentials;
import dev.binlake.storage.s3.S3ObjectStore;
import dev.binlake.storage.s3.S3Settings;
import dev.binlake.testing.s3.S3ProxyServer;
import dev.binlake.testing.warehouse.PostgresTestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The handler invoked with AWS's sample events against S3Proxy and the machine's PostgreSQL. */
class LoadHandlerIT {
  private static S3ProxyServer s3;
  private static S3ObjectStore uploads;

  @TempDir Path temp;
  private PostgresTestDatabase database;
  private LoadHandler handler;

  @BeforeAll
  static void startS3() {
    s3 = S3ProxyServer.inMemory("lake");
    uploads =
        new S3ObjectStore(
            S3Settings.fromUri("s3://lake/cdc", s3.region())
                .withEndpoint(s3.endpoint())
                .withPathStyleAccess()
                .withCredentials(new S3Credentials(s3.accessKey(), s3.secretKey())));
  }

  @AfterAll
  static void stopS3() {
    uploads.close();
    s3.close();
  }

  @BeforeEach
  void createDatabaseAndHandler() {
    database = PostgresTestDatabase.create(LoadHandlerIT.class);
    handler =
        new LoadHandler(
            settings(
                new WarehouseTarget.Postgres(
                    database.jdbcUrl(),
                    database.user(),
                    Optional.ofNullable(database.password()))));
  }

  @AfterEach
  void dropDatabase() {
    handler.close();
    database.close();
  }

  static LambdaSettings settings(WarehouseTarget warehouse) {
    return new LambdaSettings(
        warehouse,
        ViewKeys.none(),
        "cdc/",
        s3.region(),
        Optional.of(s3.endpoint()),
        true,
        Optional.of(new S3Credentials(s3.accessKey(), s3.secretKey())));
  }

  @Test
  void loadsTheObjectOfAnEventBridgeEventIntoPostgres() {
    StoredObject stored =
        upload(
            DmsLayout.cdcKey("cdc", ChangeFiles.ORDERS, ChangeFiles.COMMIT, key(10)),
            change(Op.INSERT, 10, 1, "one"),
            change(Op.INSERT, 11, 2, "two"),
            change(Op.UPDATE, 12, 1, "uno"));

    Map<String, Object> result =
        handler.handleRequest(
            EventSamples.eventBridge("lake", stored.key(), stored.size()), new FakeContext());

    assertThat(result)
        .isEqualTo(Map.of("loaded", List.of("s3://lake/" + stored.key()), "ignored", List.of()));
    assertThat(Rows.query(database, "SELECT count(*) FROM shop.orders_history"))
        .containsExactly(List.of(3L));
    assertThat(Rows.query(database, "SELECT id, note FROM shop.orders ORDER BY id"))
        .containsExactly(List.of(1L, "uno"), List.of(2L, "two"));
  }

  @Test
  void loadsAnS3NotificationWithAnEncodedKeyOnceWhenInvokedTwice() {
    StoredObject stored =
        upload(
            "cdc/shop/orders/manual copy+1 (é).parquet",
            change(Op.INSERT, 20, 5, "five"),
            change(Op.DELETE, 21, 5, "five"),
            change(Op.INSERT, 22, 6, "six"));
    Map<String, Object> event = EventSamples.s3Notification("lake", stored.key(), stored.size());

    handler.handleRequest(event, new FakeContext());
    Map<String, Object> again = handler.handleRequest(event, new FakeContext());

    assertThat(again.get("loaded")).isEqualTo(List.of("s3://lake/" + stored.key()));
    assertThat(Rows.query(database, "SELECT count(*) FROM shop.orders_history"))
        .containsExactly(List.of(3L));
    assertThat(Rows.query(database, "SELECT id, note FROM shop.orders ORDER BY id"))
        .containsExactly(List.of(6L, "six"));
  }

  @Test
  void aTableWithoutPrimaryKeyGetsItsLatestViewByTheKeyInTheEnvironment() {
    StoredObject stored =
        upload(
            DmsLayout.cdcKey("cdc", ChangeFiles.LOG_SCHEMA.table(), ChangeFiles.COMMIT, key(50)),
            change(ChangeFiles.LOG_SCHEMA, Op.INSERT, 50, 1, "started"),
            change(ChangeFiles.LOG_SCHEMA, Op.INSERT, 51, 2, "queued"),
            change(ChangeFiles.LOG_SCHEMA, Op.UPDATE, 52, 1, "finished"),
            change(ChangeFiles.LOG_SCHEMA, Op.INSERT, 53, 3, "gone"),
            change(ChangeFiles.LOG_SCHEMA, Op.DELETE, 54, 3, "gone"));
    Map<String, String> env = new HashMap<>();
    env.put("BINLAKE_POSTGRES_URL", database.jdbcUrl());
    env.put("BINLAKE_POSTGRES_USER", database.user());
    if (database.password() != null) {
      env.put("BINLAKE_POSTGRES_PASSWORD", database.password());
    }
    env.put("BINLAKE_KEY_PREFIX", "cdc/");
    env.put("BINLAKE_S3_REGION", s3.region());
    env.put("BINLAKE_S3_ENDPOINT", s3.endpoint().toString());
    env.put("BINLAKE_S3_PATH_STYLE", "true");
    env.put("BINLAKE_S3_ACCESS_KEY", s3.accessKey());
    env.put("BINLAKE_S3_SECRET_KEY", s3.secretKey());
    env.put("BINLAKE_WAREHOUSE_KEYS", "shop.orders: note; shop.log: ID");

    try (LoadHandler keyed = new LoadHandler(LambdaSettings.fromEnvironment(env))) {
      keyed.handleRequest(
          EventSamples.eventBridge("lake", stored.key(), stored.size()), new FakeContext());
    }

    assertThat(Rows.query(database, "SELECT count(*) FROM shop.log_history"))
        .containsExactly(List.of(5L));
    assertThat(Rows.query(database, "SELECT id, msg FROM shop.log ORDER BY id"))
        .containsExactly(List.of(1L, "finished"), List.of(2L, "queued"));
  }

  @Test
  void withoutAKeyATableWithoutPrimaryKeyGetsHistoryOnly() {
    StoredObject stored =
        upload(
            DmsLayout.cdcKey("cdc", ChangeFiles.LOG_SCHEMA.table(), ChangeFiles.COMMIT, key(60)),
            change(ChangeFiles.LOG_SCHEMA, Op.INSERT, 60, 1, "started"));

    handler.handleRequest(
        EventSamples.eventBridge("lake", stored.key(), stored.size()), new FakeContext());

    assertThat(Rows.query(database, "SELECT count(*) FROM shop.log_history"))
        .containsExactly(List.of(1L));
    assertThat(
            Rows.query(
                database,
                "SELECT count(*) FROM information_schema.views"
                    + " WHERE table_schema = 'shop' AND table_name = 'log'"))
        .containsExactly(List.of(0L));
  }

  @Test
  void aFileThatCanNeverLoadFailsTheInvocationWithTheReason() throws Exception {
    Path garbage = Files.writeString(temp.resolve("garbage"), "not a parquet file", UTF_8);
    StoredObject stored = uploads.put("cdc/shop/orders/garbage.parquet", garbage);

    assertThatThrownBy(
            () ->
                handler.handleRequest(
                    EventSamples.eventBridge("lake", stored.key(), stored.size()),
                    new FakeContext()))
        .isInstanceOf(BinlakeException.class)
        .hasMessageStartingWith(
            "Cannot load s3://lake/cdc/shop/orders/garbage.parquet: it can never load as it is:"
                + " Cannot load")
        .hasMessageEndingWith(
            "(the event goes to the function's on-failure destination or dead-letter queue after"
                + " Lambda's retries; fix or remove the object, then redrive the event)")
        .extracting(e -> ((BinlakeException) e).code())
        .isEqualTo(ErrorCode.FILE_INVALID);
  }

  @Test
  void oneBadRecordFailsTheInvocationAfterTheOthersLoaded() throws Exception {
    StoredObject good =
        upload(
            DmsLayout.cdcKey("cdc", ChangeFiles.ORDERS, ChangeFiles.COMMIT, key(40)),
            change(Op.INSERT, 40, 8, "eight"));
    StoredObject bad =
        uploads.put(
            "cdc/shop/orders/bad.parquet",
            Files.writeString(temp.resolve("bad"), "PAR1 but not really", UTF_8));
    List<Object> records = new ArrayList<>();
    for (StoredObject object : List.of(bad, good)) {
      Map<String, Object> one = EventSamples.s3Notification("lake", object.key(), object.size());
      records.addAll((List<?>) one.get("Records"));
    }

    assertThatThrownBy(() -> handler.handleRequest(Map.of("Records", records), new FakeContext()))
        .isInstanceOf(BinlakeException.class)
        .hasMessageStartingWith(
            "Cannot load s3://lake/cdc/shop/orders/bad.parquet: it can never load as it is:");
    assertThat(Rows.query(database, "SELECT id, note FROM shop.orders"))
        .containsExactly(List.of(8L, "eight"));
  }

  @Test
  void aMissingObjectFailsTheInvocationSoLambdaRetries() {
    assertThatThrownBy(
            () ->
                handler.handleRequest(
                    EventSamples.eventBridge("lake", "cdc/shop/orders/gone.parquet", 1),
                    new FakeContext()))
        .isInstanceOf(BinlakeException.class)
        .hasMessage(
            "Cannot read cdc/shop/orders/gone.parquet from s3://lake/cdc/: no such object (check"
                + " the key; list the bucket to see what is stored)")
        .extracting(e -> ((BinlakeException) e).code())
        .isEqualTo(ErrorCode.OBJECT_NOT_FOUND);
  }

  @Test
  void keysOutsideThePrefixAndS3TestEventsAreIgnored() {
    Map<String, Object> result =
        handler.handleRequest(
            EventSamples.eventBridge("lake", "elsewhere/x.parquet", 1), new FakeContext());

    assertThat(result)
        .isEqualTo(
            Map.of("loaded", List.of(), "ignored", List.of("s3://lake/elsewhere/x.parquet")));
    assertThat(handler.handleRequest(EventSamples.s3TestEvent("lake"), new FakeContext()))
        .isEqualTo(Map.of("loaded", List.of(), "ignored", List.of()));
  }

  @Test
  void loadsIntoDuckDbWhereItsDriverIsOnTheClasspath() {
    StoredObject stored =
        upload(
            DmsLayout.cdcKey("cdc", ChangeFiles.ORDERS, ChangeFiles.COMMIT, key(30)),
            change(Op.INSERT, 30, 7, "seven"));
    Path duckdb = temp.resolve("lake.duckdb");

    try (LoadHandler duck = new LoadHandler(settings(new WarehouseTarget.DuckDb(duckdb)))) {
      duck.handleRequest(
          EventSamples.s3Notification("lake", stored.key(), stored.size()), new FakeContext());
    }

    try (var warehouse = new WarehouseTarget.DuckDb(duckdb).open(ViewKeys.none())) {
      assertThat(warehouse.query("SELECT id, note FROM shop.orders").rows())
          .containsExactly(List.of(7L, "seven"));
    }
  }

  private StoredObject upload(String key, dev.binlake.api.ChangeRecord... changes) {
    Path file = ChangeFiles.write(temp.resolve("f" + System.nanoTime() + ".parquet"), key, changes);
    return uploads.put(key, file);
  }

  private static OrderKey key(long position) {
    return OrderKey.streamed(1, position, 0, 0);
  }
}
