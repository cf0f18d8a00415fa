package dev.binlake.capture.mapping;

import dev.binlake.api.TableId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The table renames in a DDL statement: {@code RENAME TABLE a TO b[, c TO d]} and {@code ALTER
 * TABLE a … RENAME [TO|AS] b}. Names may be quoted with backticks and qualified with a database;
 * unqualified names belong to the statement's database.
 */
public final class TableRenames {
  // A table name: `quoted` (`` inside) or bare, optionally qualified with a database.
  private static final String PART = "(?:`(?:[^`]|``)+`|[^\\s`.,;]+)";
  private static final String NAME = "(" + PART + "(?:\\s*\\.\\s*" + PART + ")?)";
  private static final Pattern RENAME_TABLE = Pattern.compile("(?is)^RENAME\\s+TABLES?\\s+(.+)$");
  private static final Pattern RENAME_PAIR =
      Pattern.compile("(?is)" + NAME + "\\s+TO\\s+" + NAME + "\\s*(?:,|;|$)");
  private static final Pattern ALTER =
      Pattern.compile(
          "(?is)^ALTER\\s+(?:ONLINE\\s+|IGNORE\\s+)*TABLE\\s+(?:IF\\s+EXISTS\\s+)?"
              + NAME
              + "\\s+(.*)$");
  private static final Pattern RENAME_TO =
      Pattern.compile("(?is)\\bRENAME\\s+(?:TO\\s+|AS\\s+)?(?!COLUMN\\b|INDEX\\b|KEY\\b)" + NAME);

  /** One table renamed: {@code from} no longer exists, {@code to} holds its rows. */
  public record Rename(TableId from, TableId to) {}

  private TableRenames() {}

  /** The renames {@code ddl} makes (none for other statements). */
  public static List<Rename> of(String ddl, String database) {
    List<Rename> renames = new ArrayList<>();
    if (ddl == null) {
      return renames;
    }
    String text = ddl.strip();
    Matcher rename = RENAME_TABLE.matcher(text);
    if (rename.matches()) {
      Matcher names = RENAME_PAIR.matcher(rename.group(1));
      while (names.find()) {
        renames.add(new Rename(table(names.group(1), database), table(names.group(2), database)));
      }
      return renames;
    }
    alterTable(text, database)
        .ifPresent(
            alter -> {
              Matcher renameTo = RENAME_TO.matcher(alter.rest());
              if (renameTo.find()) {
                renames.add(
                    new Rename(alter.table(), table(renameTo.group(1), alter.table().schema())));
              }
            });
    return renames;
  }

  /** An {@code ALTER TABLE} statement: its table and the text after the table name. */
  public record AlterTable(TableId table, String rest) {}

  public static Optional<AlterTable> alterTable(String ddl, String database) {
    Matcher alter = ALTER.matcher(ddl.strip());
    if (!alter.matches()) {
      return Optional.empty();
    }
    return Optional.of(new AlterTable(table(alter.group(1), database), alter.group(2)));
  }

  private static TableId table(String name, String database) {
    int dot = dotOutsideQuotes(name);
    if (dot > 0) {
      return new TableId(unquote(name.substring(0, dot)), unquote(name.substring(dot + 1)));
    }
    return new TableId(database, unquote(name));
  }

  private static int dotOutsideQuotes(String name) {
    boolean quoted = false;
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c == '`') {
        quoted = !quoted;
      } else if (c == '.' && !quoted) {
        return i;
      }
    }
    return -1;
  }

  /** A name without its backticks ({@code ``} inside stands for one). */
  public static String unquote(String name) {
    String n = name.strip();
    if (n.length() >= 2 && n.startsWith("`") && n.endsWith("`")) {
      return n.substring(1, n.length() - 1).replace("``", "`");
    }
    return n;
  }
}
