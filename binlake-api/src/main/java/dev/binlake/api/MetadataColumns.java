package dev.binlake.api;

/** Columns binlake adds to change files and history tables besides the source's. */
public final class MetadataColumns {
  /** Names the columns of a change whose value the source could not represent (zero dates). */
  public static final String UNREPRESENTABLE = "binlake_unrepresentable";

  private MetadataColumns() {}

  /** Whether a column of a table's shape belongs in its latest view (the source's columns). */
  public static boolean isSourceColumn(String name) {
    return !UNREPRESENTABLE.equals(name);
  }
}
