package dev.binlake.cli.validate;

import static java.util.Objects.requireNonNull;

import dev.binlake.api.TableId;
import java.util.List;

/** The comparison of one table; {@code note} says what was compared less than fully. */
record TableResult(
    TableId table,
    Status status,
    long sourceRows,
    List<KeyDifference> differences,
    boolean truncated,
    String reason,
    String note) {
  enum Status {
    EQUAL,
    DIFFERENT,
    SKIPPED
  }

  TableResult {
    requireNonNull(table, "table is null");
    requireNonNull(status, "status is null");
    differences = List.copyOf(differences);
    requireNonNull(reason, "reason is null");
    requireNonNull(note, "note is null");
  }

  static TableResult skipped(TableId table, String reason) {
    return new TableResult(table, Status.SKIPPED, 0, List.of(), false, reason, "");
  }

  static TableResult different(TableId table, String reason) {
    return new TableResult(table, Status.DIFFERENT, 0, List.of(), false, reason, "");
  }
}
