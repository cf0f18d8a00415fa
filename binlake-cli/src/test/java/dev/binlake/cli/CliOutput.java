package dev.binlake.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** One {@code binlake} command run in-process: its exit code, standard output and error. */
public record CliOutput(int code, String out, String err) {
  public static CliOutput run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.execute(new PrintWriter(out), new PrintWriter(err), args);
    return new CliOutput(code, out.toString(), err.toString());
  }
}
