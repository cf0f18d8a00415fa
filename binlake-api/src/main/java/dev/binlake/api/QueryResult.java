package dev.binlake.api;

import java.util.List;

/** Rows of a warehouse query, values as the JDBC driver returned them. */
public record QueryResult(List<String> columns, List<List<Object>> rows) {
  public QueryResult {
    columns = List.copyOf(columns);
    rows = List.copyOf(rows);
  }
}
