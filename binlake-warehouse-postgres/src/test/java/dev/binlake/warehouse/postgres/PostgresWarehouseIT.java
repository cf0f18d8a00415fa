package dev.binlake.warehouse.postgres;

import static dev.binlake.api.ColumnType.Kind.INT32;
import static dev.binlake.api.ColumnType.Kind.INT64;
import static dev.binlake.api.ColumnType.Kind.JSON;
import static dev.binlake.api.ColumnType.Kind.STRING;
import static dev.binlake.testing.warehouse.ChangeFileFixture.change;
import static dev.binlake.testing.warehouse.ChangeFileFixture.column;
import static dev.binlake.testing.warehouse.ChangeFileFixture.schema;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.binlake.api.BinlakeException;
import dev.binlake.api.ChangeFile;
import dev.binlake.api.ColumnType;
import dev.binlake.api.ErrorCode;
import dev.binlake.api.LoadResult;
import dev.binlake.api.Op;
import dev.binlake.api.TableId;
import dev.binlake.api.TableSchema;
import dev.binlake.testing.warehouse.ChangeFileFixture;
import dev.binlake.testing.warehouse.PostgresTestDatabase;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PostgreSQL specifics: type names, U+0000, jsonb, type changes, errors and their messages. */
class PostgresWarehouseIT {
  private static final TableId USERS = new TableId("shop", "users");
  private static final TableSchema USERS_SCHEMA =
      schema(USERS, List.of("id"), column("id", INT64), column("name", STRING));

  private static PostgresTestDatabase database;

  @TempDir Path dir;
  private ChangeFileFixture files;
  private PostgresWarehouse warehouse;

  @BeforeAll
  static void createDatabase() {
    database = PostgresTestDatabase.create(PostgresWarehouseIT.class);
  }

  @AfterAll
  static void dropDatabase() {
    if (database != null) {
      database.close();
    }
  }

  @BeforeEach
  void open() {
    database.dropSchemas();
    files = new ChangeFileFixture(dir);
    warehouse = open(database);
  }

  static PostgresWarehouse open(PostgresTestDatabase database) {
    return PostgresWarehouse.open(database.jdbcUrl(), database.user(), database.password());
  }

  @AfterEach
  void close() {
    warehouse.close();
  }

  private LoadResult load(ChangeFile file) {
    return warehouse.load(file, files.localPath(file.key()));
  }

  private List<List<Object>> rows(String sql) {
    return warehouse.query(sql).rows();
  }

  @Test
  void historyColumnsGetTheirPostgresTypesAndOrderKeysSortBytewise() {
    TableId table = new TableId("types", "all_kinds");
    List<ColumnType.Kind> kinds = Arrays.asList(ColumnType.Kind.values());
    TableSchema shape =
        new TableSchema(
            table,
            kinds.stream()
                .map(
                    k ->
                        column(
                            k.name().toLowerCase(),
                            k == ColumnType.Kind.DECIMAL
                                ? ColumnType.decimal(20, 0)
                                : ColumnType.of(k)))
                .toList(),
            List.of("int32"));
    Object[] values = new Object[kinds.size()];
    values[kinds.indexOf(INT32)] = 1;
    load(files.write("cdc/1", shape, change(Op.INSERT, 100, values)));

    assertThat(
            rows(
                "SELECT a.attname::text, format_type(a.atttypid, a.atttypmod),"
                    + " coalesce(co.collname::text, '') FROM pg_attribute a LEFT JOIN pg_collation"
                    + " co ON co.oid = a.attcollation AND a.attcollation <> 100 WHERE a.attrelid ="
                    + " '\"types\".\"all_kinds_history\"'::regclass AND a.attnum > 0 ORDER BY"
                    + " a.attnum"))
        .containsExactly(
            List.of("Op", "text", ""),
            List.of("binlake_commit_ts", "timestamp with time zone", ""),
            List.of("binlake_order", "text", "C"),
            List.of("boolean", "boolean", ""),
            List.of("int32", "integer", ""),
            List.of("int64", "bigint", ""),
            List.of("decimal", "numeric(20,0)", ""),
            List.of("float32", "real", ""),
            List.of("float64", "double precision", ""),
            List.of("string", "text", ""),
            List.of("json", "jsonb", ""),
            List.of("bytes", "bytea", ""),
            List.of("date", "date", ""),
            List.of("time_micros", "bigint", ""),
            List.of("timestamp_micros", "timestamp without time zone", ""),
            List.of("timestamp_utc_micros", "timestamp with time zone", ""));
  }

  @Test
  void viewFindsTheLatestChangeOfAKeyThroughAnIndex() throws Exception {
    load(
        files.write(
            "cdc/1",
            USERS_SCHEMA,
            change(Op.INSERT, 100, 1L, "ann"),
            change(Op.INSERT, 200, 2L, "bob"),
            change(Op.UPDATE, 300, 2L, "bobby")));

    assertThat(
            rows(
                "SELECT indexdef FROM pg_indexes WHERE tablename = 'users_history'"
                    + " ORDER BY indexname"))
        .satisfiesExactly(
            row ->
                assertThat((String) row.get(0))
                    .matches(
                        "CREATE INDEX binlake_latest_[0-9a-f]{16} ON shop.users_history"
                            + " USING btree \\(id, binlake_order\\)"),
            row ->
                assertThat((String) row.get(0))
                    .matches(
                        "CREATE INDEX binlake_markers_[0-9a-f]{16} ON shop.users_history USING"
                            + " btree \\(binlake_order\\) WHERE \\(\"Op\" = ANY"
                            + " \\(ARRAY\\['T'::text, 'X'::text\\]\\)\\)"));
    StringBuilder plan = new StringBuilder();
    try (var connection = database.connect();
        var statement = connection.createStatement()) {
      statement.execute("SET enable_seqscan = off");
      try (var lines = statement.executeQuery("EXPLAIN SELECT * FROM shop.users WHERE id = 2")) {
        while (lines.next()) {
          plan.append(lines.getString(1)).append('\n');
        }
      }
    }
    assertThat(plan.toString()).contains("Index Scan").contains("binlake_latest_");
    assertThat(plan.toString()).contains("binlake_markers_"); // the latest TRUNCATE / DROP TABLE
    assertThat(rows("SELECT * FROM shop.users WHERE id = 2")).containsExactly(List.of(2L, "bobby"));
  }

  @Test
  void nulCharactersBecomeReplacementCharactersAndAreCounted() {
    TableSchema shape =
        schema(
            new TableId("shop", "notes"),
            List.of("id"),
            column("id", INT32),
            column("body", STRING),
            column("doc", JSON));
    load(
        files.write(
            "cdc/1",
            shape,
            change(Op.INSERT, 100, 1, "a\0b\0", "{\"k\": \"x\\u0000y\"}"),
            change(Op.INSERT, 200, 2, "plain", "{\"k\": \"\\\\u0000 is text\"}")));

    assertThat(rows("SELECT body, doc->>'k' FROM shop.notes ORDER BY id"))
        .containsExactly(
            List.of("a\uFFFDb\uFFFD", "x\uFFFDy"), List.of("plain", "\\u0000 is text"));
    assertThat(rows("SELECT nul_characters_replaced FROM binlake.loaded_files"))
        .containsExactly(List.of(3L));
  }

  @Test
  void jsonbNormalizesKeyOrderWhitespaceAndDuplicateKeys() {
    TableSchema shape =
        schema(
            new TableId("shop", "docs"), List.of("id"), column("id", INT32), column("doc", JSON));
    load(
        files.write(
            "cdc/1", shape, change(Op.INSERT, 100, 1, "{ \"bb\":1,\"a\" : [1,2], \"a\":3}")));

    assertThat(rows("SELECT doc FROM shop.docs")).containsExactly(List.of("{\"a\": 3, \"bb\": 1}"));
  }

  @Test
  void newerFileWithAWiderTypeWidensTheColumnAndKeepsTheView() {
    TableSchema intId = schema(USERS, List.of("id"), column("id", INT32), column("name", STRING));
    load(files.write("cdc/1", intId, change(Op.INSERT, 100, 1, "ann")));
    load(files.write("cdc/2", USERS_SCHEMA, change(Op.INSERT, 200, 5_000_000_000L, "big")));

    assertThat(
            rows(
                "SELECT format_type(atttypid, atttypmod) FROM pg_attribute"
                    + " WHERE attrelid = 'shop.users_history'::regclass AND attname = 'id'"))
        .containsExactly(List.of("bigint"));
    assertThat(rows("SELECT id FROM shop.users ORDER BY id"))
        .containsExactly(List.of(1L), List.of(5_000_000_000L));
  }

  @Test
  void olderFileOfANarrowerTypeLoadedLateIsCastToTheHistoryType() {
    TableSchema intId = schema(USERS, List.of("id"), column("id", INT32), column("name", STRING));
    ChangeFile older = files.write("cdc/1", intId, change(Op.INSERT, 100, 1, "ann"));
    load(files.write("cdc/2", USERS_SCHEMA, change(Op.INSERT, 200, 5_000_000_000L, "big")));

    assertThat(load(older).rows()).isEqualTo(1);
    assertThat(rows("SELECT id, name FROM shop.users ORDER BY id"))
        .containsExactly(List.of(1L, "ann"), List.of(5_000_000_000L, "big"));
  }

  @Test
  void typeChangePostgresCannotConvertIsAPermanentFileError() {
    TableSchema textCode =
        schema(USERS, List.of("id"), column("id", INT64), column("code", STRING));
    TableSchema intCode = schema(USERS, List.of("id"), column("id", INT64), column("code", INT32));
    load(files.write("cdc/1", textCode, change(Op.INSERT, 100, 1L, "not a number")));

    ChangeFile retyped = files.write("cdc/2", intCode, change(Op.INSERT, 200, 2L, 7));
    assertThatThrownBy(() -> load(retyped))
        .isInstanceOf(BinlakeException.class)
        .hasMessage(
            "Cannot load cdc/2 into \"shop\".\"users_history\": PostgreSQL rejects it: invalid"
                + " input syntax for type integer: \"not a number\" (fix the file or the history"
                + " table, then load the file again)")
        .extracting(e -> ((BinlakeException) e).code())
        .isEqualTo(ErrorCode.FILE_INVALID);
    assertThat(warehouse.isLoaded("cdc/2")).isFalse();
    assertThat(rows("SELECT * FROM shop.users")).containsExactly(List.of(1L, "not a number"));
  }

  @Test
  void rowCountDifferentFromMetadataLoadsNothing() {
    ChangeFile written = files.write("cdc/1", USERS_SCHEMA, change(Op.INSERT, 100, 1L, "ann"));
    ChangeFile claimsTwo =
        new ChangeFile(
            written.key(),
            written.schema(),
            written.kind(),
            2,
            written.first(),
            written.last(),
            written.lastOffset());

    assertThatThrownBy(() -> load(claimsTwo))
        .isInstanceOf(BinlakeException.class)
        .hasMessage(
            "Cannot load cdc/1 into \"shop\".\"users_history\": the file holds 1 rows but"
                + " its metadata says 2 (nothing was loaded; rewrite the file)")
        .extracting(e -> ((BinlakeException) e).code())
        .isEqualTo(ErrorCode.LOAD_FAILED);
    assertThat(warehouse.isLoaded("cdc/1")).isFalse();
    assertThat(rows("SELECT count(*) FROM shop.users_history")).containsExactly(List.of(0L));
    assertThat(load(written).rows()).isEqualTo(1);
  }

  @Test
  void namesLongerThanPostgresAllowsAreAFileError() {
    String longName = "t".repeat(60);
    ChangeFile file =
        files.write(
            "cdc/1",
            schema(new TableId("shop", longName), List.of("id"), column("id", INT32)),
            change(Op.INSERT, 100, 1));

    assertThatThrownBy(() -> load(file))
        .isInstanceOf(BinlakeException.class)
        .hasMessage(
            "Cannot load cdc/1 into PostgreSQL: the history table name "
                + longName
                + "_history is longer than PostgreSQL's 63 bytes (rename it in the source, or"
                + " load this table into another warehouse)")
        .extracting(e -> ((BinlakeException) e).code())
        .isEqualTo(ErrorCode.FILE_INVALID);
  }

  @Test
  void viewInterruptedByACrashIsMadeAtOpen() throws Exception {
    load(files.write("cdc/1", USERS_SCHEMA, change(Op.INSERT, 100, 1L, "ann")));
    try (var connection = database.connect();
        var statement = connection.createStatement()) {
      statement.execute("DROP VIEW shop.users");
      statement.execute("UPDATE binlake.tables SET view_schema_json = NULL");
    }
    warehouse.close();
    warehouse = open(database);

    assertThat(warehouse.isLoaded("cdc/1")).isTrue();
    assertThat(rows("SELECT * FROM shop.users")).containsExactly(List.of(1L, "ann"));
    assertThat(warehouse.tables()).extracting(TableState::schema).containsExactly(USERS_SCHEMA);
  }

  @Test
  void objectInTheWayOfTheViewIsRecordedAsTheReason() throws Exception {
    try (var connection = database.connect();
        var statement = connection.createStatement()) {
      statement.execute("CREATE SCHEMA shop");
      statement.execute("CREATE TABLE shop.users (x int)");
    }
    load(files.write("cdc/1", USERS_SCHEMA, change(Op.INSERT, 100, 1L, "ann")));

    assertThat(warehouse.tables())
        .singleElement()
        .satisfies(
            state ->
                assertThat(state.noViewReason())
                    .hasValueSatisfying(
                        reason ->
                            assertThat(reason)
                                .startsWith("Cannot create the latest view \"shop\".\"users\": ")
                                .contains("is not a view")
                                .endsWith(
                                    "(rename the object in the way; binlake retries at the next"
                                        + " load)")));
    assertThat(rows("SELECT count(*) FROM shop.users_history")).containsExactly(List.of(1L));
  }

  @Test
  void loadsAndQueriesReconnectAfterTheServerEndsTheirConnections() throws Exception {
    load(files.write("cdc/1", USERS_SCHEMA, change(Op.INSERT, 100, 1L, "ann")));
    assertThat(rows("SELECT count(*) FROM shop.users")).containsExactly(List.of(1L));
    try (var connection = database.connect();
        var statement = connection.createStatement()) {
      statement.execute( // waits up to 10 s for the backends to end
          "SELECT pg_terminate_backend(pid, 10000) FROM pg_stat_activity"
              + " WHERE application_name = 'binlake' AND datname = current_database()");
    }
    ChangeFile second = files.write("cdc/2", USERS_SCHEMA, change(Op.INSERT, 200, 2L, "bob"));

    assertThatThrownBy(() -> load(second))
        .isInstanceOf(BinlakeException.class)
        .hasMessageStartingWith("Cannot load cdc/2 into \"shop\".\"users_history\": ")
        .hasMessageEndingWith("(the load is retried; nothing of the file was kept)")
        .extracting(e -> ((BinlakeException) e).code())
        .isEqualTo(ErrorCode.LOAD_FAILED);
    assertThatThrownBy(() -> warehouse.query("SELECT 1"))
        .isInstanceOf(BinlakeException.class)
        .hasMessageStartingWith("Cannot run query on " + database.jdbcUrl() + ": ");
    assertThat(load(second).outcome()).isEqualTo(LoadResult.Outcome.LOADED);
    assertThat(rows("SELECT id FROM shop.users ORDER BY id"))
        .containsExactly(List.of(1L), List.of(2L));
  }

  @Test
  void connectFailureSaysWhatToDoAndHidesThePassword() {
    assertThatThrownBy(
            () ->
                PostgresWarehouse.open(
                    "jdbc:postgresql://127.0.0.1:5432/binlake_no_such_db?password=s3cret",
                    "postgres",
                    "s3cret"))
        .isInstanceOf(BinlakeException.class)
        .hasMessageStartingWith(
            "Cannot connect to PostgreSQL warehouse jdbc:postgresql://127.0.0.1:5432/"
                + "binlake_no_such_db as postgres: ")
        .hasMessageContaining("binlake_no_such_db\" does not exist")
        .hasMessageEndingWith(
            "(create the database first with CREATE DATABASE, or fix warehouse.postgres.url)")
        .hasMessageNotContaining("s3cret")
        .extracting(e -> ((BinlakeException) e).code())
        .isEqualTo(ErrorCode.WAREHOUSE_FAILED);
  }

  @Test
  void urlOfAnotherDatabaseIsAConfigurationError() {
    assertThatThrownBy(() -> PostgresWarehouse.open("jdbc:mysql://x/y", "u", null))
        .isInstanceOf(BinlakeException.class)
        .hasMessage(
            "Cannot open PostgreSQL warehouse jdbc:mysql://x/y: it is not a jdbc:postgresql: URL"
                + " (write it as jdbc:postgresql://<host>:5432/<database>)")
        .extracting(e -> ((BinlakeException) e).code())
        .isEqualTo(ErrorCode.CONFIG_INVALID);
  }

  @Test
  void queryRejectsBadSqlWithTheReason() {
    assertThatThrownBy(() -> warehouse.query("SELEC 1"))
        .isInstanceOf(BinlakeException.class)
        .hasMessage(
            "Cannot run query on "
                + database.jdbcUrl()
                + ": syntax error at or near \"SELEC\" (check the SQL)");
    assertThat(rows("SELECT 1")).containsExactly(List.of(1));
  }
}
