package dev.binlake.capture.snapshot;

import dev.binlake.api.TableId;
import dev.binlake.capture.mapping.TableRenames;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * DDL that changes existing rows without row events, so the latest view can only be right after the
 * table is read again: ADD COLUMN with a DEFAULT, NOT NULL or generated value (existing rows get
 * it), RENAME COLUMN / CHANGE COLUMN to another name (old rows' values sit under the old name), and
 * RENAME TABLE / ALTER TABLE … RENAME TO (the new name starts with no rows).
 */
public final class DdlRereads {
  private static final Pattern RENAME_COLUMN = Pattern.compile("(?is)\\bRENAME\\s+COLUMN\\b");
  private static final Pattern CHANGE =
      Pattern.compile("(?is)\\bCHANGE\\s+(?:COLUMN\\s+)?(?:IF\\s+EXISTS\\s+)?(\\S+)\\s+(\\S+)");
  private static final Pattern ADD_WITH_VALUE =
      Pattern.compile(
          "(?is)\\bADD\\b(?!\\s+(?:INDEX|KEY|UNIQUE|PRIMARY|CONSTRAINT|FOREIGN|FULLTEXT|SPATIAL|PARTITION)\\b).*?\\b(DEFAULT|NOT\\s+NULL|AS|GENERATED)\\b");

  private DdlRereads() {}

  /** The tables a schema-change record asks to read again (none for other records). */
  public static Set<TableId> of(SourceRecord record) {
    Set<TableId> tables = new LinkedHashSet<>();
    if (!(record.value() instanceof Struct value)
        || value.schema().field("ddl") == null
        || value.schema().field("databaseName") == null) {
      return tables;
    }
    String ddl = value.getString("ddl");
    String database = value.getString("databaseName");
    if (ddl == null) {
      return tables;
    }
    List<TableRenames.Rename> renames = TableRenames.of(ddl, database);
    if (!renames.isEmpty()) {
      renames.forEach(rename -> tables.add(rename.to()));
      return tables;
    }
    Optional<TableRenames.AlterTable> alter = TableRenames.alterTable(ddl, database);
    if (alter.isEmpty()) {
      return tables;
    }
    TableId table = alter.get().table();
    String rest = alter.get().rest();
    if (RENAME_COLUMN.matcher(rest).find() || ADD_WITH_VALUE.matcher(rest).find()) {
      tables.add(table);
    }
    Matcher change = CHANGE.matcher(rest);
    while (change.find()) {
      String from = TableRenames.unquote(change.group(1));
      if (!from.equalsIgnoreCase(TableRenames.unquote(change.group(2)))) {
        tables.add(table);
      }
    }
    return tables;
  }
}
