package dev.binlake.warehouse.duckdb;

import dev.binlake.api.ChangeFile;
import dev.binlake.api.Column;
import dev.binlake.api.ColumnType;
import dev.binlake.api.OrderKey;
import dev.binlake.api.SourceOffset;
import dev.binlake.api.TableId;
import dev.binlake.api.TableSchema;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Writes change files the way binlake-files lays them out (Op, binlake_commit_ts, binlake_order,
 * then the source columns), with DuckDB's own Parquet writer, and the matching {@link ChangeFile}.
 */
final class ChangeFileFixture {
  static final String COMMIT_TS = "TIMESTAMPTZ '2024-05-01 10:00:00+00'";

  private final Path dir;

  ChangeFileFixture(Path dir) {
    this.dir = dir;
  }

  /** One change: Op code, total-order key, then values in schema column order. */
  record Change(String op, OrderKey key, List<Object> values) {}

  static Change change(String op, long position, Object... values) {
    return change(op, OrderKey.streamed(1, position, 0, 0), values);
  }

  static Change change(String op, OrderKey key, Object... values) {
    return new Change(op, key, Arrays.asList(values));
  }

  static Column column(String name, ColumnType.Kind kind) {
    return new Column(name, ColumnType.of(kind), true, kind.name().toLowerCase());
  }

  static TableSchema schema(TableId table, List<String> key, Column... columns) {
    return new TableSchema(table, List.of(columns), key);
  }

  /** Writes {@code changes} (in the given order) to {@code <name>.parquet} under the folder. */
  ChangeFile write(String objectKey, TableSchema schema, Change... changes) throws SQLException {
    Path file = localPath(objectKey);
    StringBuilder rows = new StringBuilder();
    for (Change change : changes) {
      rows.append(rows.length() == 0 ? "(" : ", (");
      rows.append(DuckDbSql.literal(change.op())).append(", ").append(COMMIT_TS).append(", ");
      rows.append(DuckDbSql.literal(change.key().value()));
      for (int i = 0; i < schema.columns().size(); i++) {
        Object value = change.values().get(i);
        String type = DuckDbSql.typeOf(schema.columns().get(i).type());
        String literal =
            value == null
                ? "NULL"
                : value instanceof String text ? DuckDbSql.literal(text) : value.toString();
        rows.append(", CAST(").append(literal).append(" AS ").append(type).append(')');
      }
      rows.append(')');
    }
    String names =
        schema.columns().stream()
            .map(c -> DuckDbSql.quote(c.name()))
            .collect(Collectors.joining(", ", "Op, binlake_commit_ts, binlake_order, ", ""));
    try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
        Statement statement = connection.createStatement()) {
      statement.execute(
          "COPY (SELECT * FROM (VALUES "
              + rows
              + ") AS changes("
              + names
              + ")) TO "
              + DuckDbSql.literal(file.toString())
              + " (FORMAT parquet)");
    }
    OrderKey first = Arrays.stream(changes).map(Change::key).min(OrderKey::compareTo).orElseThrow();
    OrderKey last = Arrays.stream(changes).map(Change::key).max(OrderKey::compareTo).orElseThrow();
    return new ChangeFile(
        objectKey,
        schema,
        ChangeFile.Kind.CDC,
        changes.length,
        first,
        last,
        new SourceOffset("{}", "mariadb-bin.000001", last.hashCode() & 0xffff));
  }

  Path localPath(String objectKey) {
    return dir.resolve(objectKey.replace('/', '_') + ".parquet");
  }
}
