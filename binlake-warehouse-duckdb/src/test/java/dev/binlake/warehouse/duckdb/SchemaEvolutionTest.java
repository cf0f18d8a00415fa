package dev.binlake.warehouse.duckdb;

import static dev.binlake.api.ColumnType.Kind.INT32;
import static dev.binlake.api.ColumnType.Kind.INT64;
import static dev.binlake.api.ColumnType.Kind.STRING;
import static dev.binlake.warehouse.duckdb.ChangeFileFixture.change;
import static dev.binlake.warehouse.duckdb.ChangeFileFixture.column;
import static dev.binlake.warehouse.duckdb.ChangeFileFixture.schema;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.binlake.api.BinlakeException;
import dev.binlake.api.ChangeFile;
import dev.binlake.api.ErrorCode;
import dev.binlake.api.TableId;
import dev.binlake.api.TableSchema;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Columns added, dropped or retyped at the source, and files arriving out of order. */
class SchemaEvolutionTest {
  private static final TableId USERS = new TableId("shop", "users");
  private static final TableSchema NARROW =
      schema(USERS, List.of("id"), column("id", INT64), column("name", STRING));
  private static final TableSchema WIDE =
      schema(
          USERS,
          List.of("id"),
          column("id", INT64),
          column("name", STRING),
          column("email", STRING));

  @TempDir Path dir;
  private ChangeFileFixture files;
  private DuckDbWarehouse warehouse;

  @BeforeEach
  void open() {
    files = new ChangeFileFixture(dir);
    warehouse = DuckDbWarehouse.open(dir.resolve("lake.duckdb"));
  }

  @AfterEach
  void close() {
    warehouse.close();
  }

  private void load(ChangeFile file) {
    warehouse.load(file, files.localPath(file.key()));
  }

  private List<String> viewColumns() {
    return warehouse.query("SELECT * FROM shop.users").columns();
  }

  private List<List<Object>> rows(String sql) {
    return warehouse.query(sql).rows();
  }

  @Test
  void addedColumnIsNullInOldRowsAndShownByTheView() throws Exception {
    load(files.write("cdc/1", NARROW, change("I", 100, 1L, "ann")));
    load(files.write("cdc/2", WIDE, change("I", 200, 2L, "bob", "bob@x")));

    assertThat(rows("SELECT id, email FROM shop.users_history ORDER BY id"))
        .containsExactly(Arrays.asList(1L, null), List.of(2L, "bob@x"));
    assertThat(viewColumns()).containsExactly("id", "name", "email");
    assertThat(rows("SELECT * FROM shop.users ORDER BY id"))
        .containsExactly(Arrays.asList(1L, "ann", null), List.of(2L, "bob", "bob@x"));
  }

  @Test
  void droppedColumnStaysInHistoryAndLeavesTheView() throws Exception {
    load(files.write("cdc/1", WIDE, change("I", 100, 1L, "ann", "ann@x")));
    load(files.write("cdc/2", NARROW, change("U", 200, 1L, "anna")));

    assertThat(rows("SELECT name, email FROM shop.users_history ORDER BY binlake_order"))
        .containsExactly(List.of("ann", "ann@x"), Arrays.asList("anna", null));
    assertThat(viewColumns()).containsExactly("id", "name");
    assertThat(rows("SELECT * FROM shop.users")).containsExactly(List.of(1L, "anna"));
  }

  @Test
  void olderFileLoadedLateDoesNotRollTheShapeBack() throws Exception {
    ChangeFile older = files.write("cdc/1", NARROW, change("I", 100, 1L, "ann"));
    ChangeFile newer = files.write("cdc/2", WIDE, change("I", 200, 2L, "bob", "bob@x"));
    load(newer);
    load(older);

    assertThat(viewColumns()).containsExactly("id", "name", "email");
    assertThat(rows("SELECT id, name FROM shop.users ORDER BY id"))
        .containsExactly(List.of(1L, "ann"), List.of(2L, "bob"));
    assertThat(warehouse.tables())
        .singleElement()
        .satisfies(
            state -> {
              assertThat(state.schema()).isEqualTo(WIDE);
              assertThat(state.lastKey()).contains(newer.last());
            });
  }

  @Test
  void newerFileWithAWiderTypeWidensTheHistoryColumn() throws Exception {
    TableSchema intId = schema(USERS, List.of("id"), column("id", INT32), column("name", STRING));
    load(files.write("cdc/1", intId, change("I", 100, 1, "ann")));
    load(files.write("cdc/2", NARROW, change("I", 200, 5_000_000_000L, "big")));

    assertThat(
            rows(
                "SELECT data_type FROM duckdb_columns() WHERE table_name = 'users_history'"
                    + " AND column_name = 'id'"))
        .containsExactly(List.of("BIGINT"));
    assertThat(rows("SELECT id FROM shop.users ORDER BY id"))
        .containsExactly(List.of(1L), List.of(5_000_000_000L));
  }

  @Test
  void typeChangeDuckDbCannotConvertIsAPermanentFileError() throws Exception {
    TableSchema textCode =
        schema(USERS, List.of("id"), column("id", INT64), column("code", STRING));
    TableSchema intCode = schema(USERS, List.of("id"), column("id", INT64), column("code", INT32));
    load(files.write("cdc/1", textCode, change("I", 100, 1L, "not a number")));

    ChangeFile retyped = files.write("cdc/2", intCode, change("I", 200, 2L, 7));
    assertThatThrownBy(() -> load(retyped))
        .isInstanceOf(BinlakeException.class)
        .hasMessageStartingWith(
            "Cannot load cdc/2 into \"shop\".\"users_history\": DuckDB rejects"
                + " it: Conversion Error: Could not convert string 'not a number' to INT32")
        .hasMessageEndingWith("(fix the file or the history table, then load the file again)")
        .extracting(e -> ((BinlakeException) e).code())
        .isEqualTo(ErrorCode.FILE_INVALID);
    assertThat(warehouse.isLoaded("cdc/2")).isFalse();
    assertThat(rows("SELECT * FROM shop.users")).containsExactly(List.of(1L, "not a number"));
  }
}
