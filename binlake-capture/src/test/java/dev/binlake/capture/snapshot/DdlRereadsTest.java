package dev.binlake.capture.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.binlake.api.TableId;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

class DdlRereadsTest {
  private static final Schema SCHEMA_CHANGE =
      SchemaBuilder.struct()
          .name("io.debezium.connector.mariadb.SchemaChangeValue")
          .field("databaseName", Schema.STRING_SCHEMA)
          .field("ddl", Schema.STRING_SCHEMA)
          .build();

  private static SourceRecord ddl(String database, String ddl) {
    Struct value = new Struct(SCHEMA_CHANGE).put("databaseName", database).put("ddl", ddl);
    return new SourceRecord(Map.of(), Map.of(), "binlake", SCHEMA_CHANGE, value);
  }

  @Test
  void addColumnWithAValueForExistingRowsNeedsARead() {
    assertThat(DdlRereads.of(ddl("shop", "ALTER TABLE t ADD COLUMN flag INT NOT NULL DEFAULT 7")))
        .containsExactly(new TableId("shop", "t"));
    assertThat(DdlRereads.of(ddl("shop", "alter table `o`.`t` add c int not null")))
        .containsExactly(new TableId("o", "t"));
    assertThat(DdlRereads.of(ddl("shop", "ALTER TABLE t ADD COLUMN g INT AS (id * 2) STORED")))
        .containsExactly(new TableId("shop", "t"));
  }

  @Test
  void addingANullableColumnOrAnIndexNeedsNoRead() {
    assertThat(DdlRereads.of(ddl("shop", "ALTER TABLE t ADD COLUMN note VARCHAR(10)"))).isEmpty();
    assertThat(DdlRereads.of(ddl("shop", "ALTER TABLE t ADD INDEX i (v)"))).isEmpty();
    assertThat(DdlRereads.of(ddl("shop", "ALTER TABLE t DROP COLUMN v"))).isEmpty();
    assertThat(DdlRereads.of(ddl("shop", "ALTER TABLE t CHANGE v v BIGINT"))).isEmpty();
    assertThat(DdlRereads.of(ddl("shop", "INSERT INTO t VALUES (1)"))).isEmpty();
  }

  @Test
  void renamedColumnsNeedARead() {
    assertThat(DdlRereads.of(ddl("shop", "ALTER TABLE t RENAME COLUMN old_name TO new_name")))
        .containsExactly(new TableId("shop", "t"));
    assertThat(DdlRereads.of(ddl("shop", "ALTER TABLE t CHANGE COLUMN a b INT")))
        .containsExactly(new TableId("shop", "t"));
  }

  @Test
  void renamedTablesAreReadUnderTheirNewName() {
    assertThat(DdlRereads.of(ddl("shop", "RENAME TABLE a TO a_renamed, other.b TO other.c")))
        .containsExactly(new TableId("shop", "a_renamed"), new TableId("other", "c"));
    assertThat(DdlRereads.of(ddl("shop", "ALTER TABLE a RENAME TO b")))
        .containsExactly(new TableId("shop", "b"));
    assertThat(DdlRereads.of(ddl("shop", "ALTER TABLE a RENAME INDEX i TO j"))).isEmpty();
  }
}
