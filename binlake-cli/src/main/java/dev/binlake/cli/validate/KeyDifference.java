package dev.binlake.cli.validate;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * One key whose row differs: missing in the warehouse, extra there, or with other values (in the
 * columns named).
 */
record KeyDifference(String key, Kind kind, List<String> columns) {
  enum Kind {
    MISSING_IN_WAREHOUSE("missing in the warehouse"),
    EXTRA_IN_WAREHOUSE("in the warehouse but not in the source"),
    VALUES_DIFFER("values differ");

    private final String text;

    Kind(String text) {
      this.text = text;
    }

    String text() {
      return text;
    }
  }

  KeyDifference {
    requireNonNull(key, "key is null");
    requireNonNull(kind, "kind is null");
    columns = List.copyOf(columns);
  }

  @Override
  public String toString() {
    return key + ": " + kind.text() + (columns.isEmpty() ? "" : " in " + columns);
  }
}
