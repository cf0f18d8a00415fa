package dev.binlake.api;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * The key a table's latest view partitions by ({@link ViewKeys#resolve}): {@code viewSchema} is the
 * table's shape with that key as its primary key. Without one, {@code missing} lists configured key
 * columns the table does not have; {@code ignored} is a configured key the source's own primary key
 * overrides.
 */
public record ViewKey(
    TableSchema viewSchema, Source source, List<String> missing, List<String> ignored) {
  /** Where the key comes from. */
  public enum Source {
    PRIMARY_KEY,
    CONFIGURED,
    NONE
  }

  public ViewKey {
    requireNonNull(viewSchema, "viewSchema is null");
    requireNonNull(source, "source is null");
    missing = List.copyOf(missing);
    ignored = List.copyOf(ignored);
  }

  public boolean hasView() {
    return source != Source.NONE;
  }

  /**
   * Why the table has no latest view, for {@code status}; {@code history} is the history table's
   * name as the warehouse shows it.
   *
   * @param dms whether the table holds AWS DMS output, whose files name no key
   */
  public String noViewReason(String history, boolean dms) {
    TableId table = viewSchema.table();
    if (!missing.isEmpty()) {
      return "no primary key, and "
          + ViewKeys.OPTION
          + " names key column"
          + (missing.size() == 1 ? " " : "s ")
          + String.join(", ", missing)
          + " that "
          + table
          + " does not have (fix \""
          + table
          + ": ...\" in "
          + ViewKeys.OPTION
          + "; its columns are "
          + String.join(", ", viewSchema.columns().stream().map(Column::name).toList())
          + "; "
          + history
          + " has every change)";
    }
    if (dms) {
      return "no primary key: AWS DMS files carry none (name the key columns in "
          + ViewKeys.OPTION
          + "; "
          + history
          + " has every change)";
    }
    return "no primary key: the latest view needs one (add a primary key to the source table, or"
        + " name key columns in "
        + ViewKeys.OPTION
        + "; "
        + history
        + " has every change)";
  }
}
