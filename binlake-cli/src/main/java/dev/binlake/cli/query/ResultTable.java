package dev.binlake.cli.query;

import dev.binlake.api.QueryResult;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** Prints query results as an aligned text table, or as CSV. */
public final class ResultTable {
  private static final int MAX_WIDTH = 60;

  private ResultTable() {}

  public static void print(QueryResult result, PrintWriter out) {
    List<String> header = result.columns();
    List<List<String>> rows = new ArrayList<>();
    int[] widths = new int[header.size()];
    for (int i = 0; i < header.size(); i++) {
      widths[i] = header.get(i).length();
    }
    for (List<Object> row : result.rows()) {
      List<String> cells = new ArrayList<>();
      for (int i = 0; i < row.size(); i++) {
        String text = ValueText.of(row.get(i));
        if (text.length() > MAX_WIDTH) {
          text = text.substring(0, MAX_WIDTH - 1) + "…";
        }
        cells.add(text);
        widths[i] = Math.max(widths[i], text.length());
      }
      rows.add(cells);
    }
    out.println(line(header, widths));
    StringBuilder rule = new StringBuilder();
    for (int i = 0; i < widths.length; i++) {
      rule.append(i == 0 ? "" : "-+-").append("-".repeat(widths[i]));
    }
    out.println(rule);
    for (List<String> row : rows) {
      out.println(line(row, widths));
    }
    out.println("(" + rows.size() + (rows.size() == 1 ? " row)" : " rows)"));
    out.flush();
  }

  public static void printCsv(QueryResult result, PrintWriter out) {
    out.println(String.join(",", result.columns().stream().map(ResultTable::csv).toList()));
    for (List<Object> row : result.rows()) {
      out.println(
          String.join(",", row.stream().map(v -> v == null ? "" : csv(ValueText.of(v))).toList()));
    }
    out.flush();
  }

  private static String csv(String text) {
    if (text.contains(",") || text.contains("\"") || text.contains("\n")) {
      return "\"" + text.replace("\"", "\"\"") + "\"";
    }
    return text;
  }

  private static String line(List<String> cells, int[] widths) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < cells.size(); i++) {
      line.append(i == 0 ? "" : " | ").append(pad(cells.get(i), widths[i]));
    }
    return line.toString().stripTrailing();
  }

  private static String pad(String text, int width) {
    return text + " ".repeat(Math.max(0, width - text.length()));
  }
}
