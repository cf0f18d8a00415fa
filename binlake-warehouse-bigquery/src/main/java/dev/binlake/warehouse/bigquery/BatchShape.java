package dev.binlake.warehouse.bigquery;

import com.google.cloud.bigquery.Field;
import com.google.cloud.bigquery.Schema;
import com.google.cloud.bigquery.StandardSQLTypeName;
import dev.binlake.api.Column;
import dev.binlake.api.ColumnType;
import dev.binlake.api.TableId;
import dev.binlake.api.TableSchema;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The columns of one batch file and of its load job: the history table's columns (so a load never
 * drops one), then columns the batch's files add, in the order they appear. Names compare without
 * case, as BigQuery compares them. A file whose column would change the BigQuery type of an
 * existing column does not fit.
 */
final class BatchShape {
  private static final List<Field> LEADING =
      List.of(
          Field.newBuilder(BigQueryNames.OP, StandardSQLTypeName.STRING)
              .setMode(Field.Mode.NULLABLE)
              .build(),
          Field.newBuilder(BigQueryNames.COMMIT_TS, StandardSQLTypeName.TIMESTAMP)
              .setMode(Field.Mode.NULLABLE)
              .build(),
          Field.newBuilder(BigQueryNames.ORDER, StandardSQLTypeName.STRING)
              .setMode(Field.Mode.NULLABLE)
              .build());

  /** A column of the batch: its name, its batch file type, and whether a file carries it. */
  private record Entry(
      String name, ColumnType type, StandardSQLTypeName bigQueryType, boolean isInFile) {}

  private final Map<String, Entry> columns = new LinkedHashMap<>();

  private BatchShape() {}

  /**
   * Starts from the history table's fields ({@code null} when the table does not exist yet).
   *
   * @throws IllegalStateException if the table has a column of a type binlake never writes
   */
  static BatchShape of(Schema history) {
    BatchShape shape = new BatchShape();
    if (history == null) {
      return shape;
    }
    for (Field field : history.getFields()) {
      if (LEADING.stream().anyMatch(f -> f.getName().equalsIgnoreCase(field.getName()))) {
        continue;
      }
      StandardSQLTypeName type = field.getType().getStandardType();
      ColumnType batchType =
          BigQueryTypes.batchTypeOf(type)
              .orElseThrow(
                  () ->
                      new IllegalStateException(
                          "column "
                              + field.getName()
                              + " has type "
                              + type
                              + ", which binlake does not write"));
      shape.columns.put(lower(field.getName()), new Entry(field.getName(), batchType, type, false));
    }
    return shape;
  }

  /** Why a file does not fit this shape, or empty when it fits. */
  Optional<String> conflict(TableSchema file) {
    for (Column column : file.columns()) {
      Entry entry = columns.get(lower(column.name()));
      if (entry == null) {
        continue;
      }
      ColumnType wanted = BigQueryTypes.batchType(column.type());
      StandardSQLTypeName bigQueryType = BigQueryTypes.typeOf(column.type());
      if (entry.bigQueryType() != bigQueryType) {
        return Optional.of(
            "column "
                + column.name()
                + " is "
                + entry.bigQueryType()
                + " in BigQuery but "
                + column.type()
                + " ("
                + bigQueryType
                + ") in the file");
      }
      if (entry.isInFile() && !entry.type().equals(wanted)) {
        return Optional.of(
            "column "
                + column.name()
                + " is "
                + entry.type()
                + " in one file and "
                + wanted
                + " in another");
      }
    }
    return Optional.empty();
  }

  /** Adds a file's columns if it fits; returns whether it did. */
  boolean add(TableSchema file) {
    if (conflict(file).isPresent()) {
      return false;
    }
    for (Column column : file.columns()) {
      String key = lower(column.name());
      Entry entry = columns.get(key);
      if (entry == null || !entry.isInFile()) {
        String name = entry == null ? column.name() : entry.name();
        columns.put(
            key,
            new Entry(
                name,
                BigQueryTypes.batchType(column.type()),
                BigQueryTypes.typeOf(column.type()),
                true));
      }
    }
    return true;
  }

  /** The explicit schema of the load job: Op, binlake_commit_ts, binlake_order, the columns. */
  Schema loadSchema() {
    List<Field> fields = new ArrayList<>(LEADING);
    columns
        .values()
        .forEach(
            e ->
                fields.add(
                    Field.newBuilder(e.name(), e.bigQueryType())
                        .setMode(Field.Mode.NULLABLE)
                        .build()));
    return Schema.of(fields);
  }

  /** The table shape the batch file is written with: every column optional, no key. */
  TableSchema fileSchema(TableId table) {
    List<Column> fileColumns = new ArrayList<>();
    columns.values().forEach(e -> fileColumns.add(new Column(e.name(), e.type(), true, "batch")));
    return new TableSchema(table, fileColumns, List.of());
  }

  private static String lower(String name) {
    return name.toLowerCase(Locale.ROOT);
  }
}
