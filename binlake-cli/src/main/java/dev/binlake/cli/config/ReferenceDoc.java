package dev.binlake.cli.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The configuration reference (docs/configuration.md), generated from the option declarations. Run
 * {@code main} with the file to write, or let {@code ReferenceDocTest} rewrite it with {@code
 * -Dbinlake.update-docs=true}.
 */
public final class ReferenceDoc {
  private ReferenceDoc() {}

  /** The reference as Markdown: how values are written, then a table of every option. */
  public static String markdown() {
    StringBuilder doc = new StringBuilder();
    doc.append("# binlake configuration reference\n\n")
        .append("<!-- Generated from the option declarations in dev.binlake.cli.config;")
        .append(" do not edit. -->\n\n")
        .append("binlake reads one YAML file (`binlake run --config binlake.yaml`). Keys are")
        .append(" grouped in sections; every key below is written as `section.name`, so")
        .append(" `files.min-file-size` is `min-file-size:` under `files:`. Unknown keys are")
        .append(" errors, and every problem of a file is reported at once.\n\n")
        .append("- **Environment variables:** `${env:NAME}` anywhere in a value is replaced")
        .append(" by the environment variable `NAME`; an unset variable is an error. Use it for")
        .append(" secrets: `password: ${env:BINLAKE_SOURCE_PASSWORD}`.\n")
        .append("- **Durations** need a unit: `100ms`, `60s`, `5m`, `1h`, `1d` (fractions such")
        .append(" as `1.5h` are allowed).\n")
        .append("- **Data sizes** use binary multiples: `512kB` = 512 × 1024 bytes, `32MB` = 32 ×")
        .append(" 1024 × 1024 bytes, also `GB` and `TB`; a plain number is bytes (`1048576`).\n")
        .append("- **Paths**, including `file:` storage URIs, are relative to the folder of the")
        .append(" config file unless absolute.\n")
        .append("- **Table patterns** are `database.table` with DMS-style wildcards: `%` matches")
        .append(" any run of characters, `_` exactly one character. Quote them in YAML:")
        .append(" `[\"shop.%\"]`.\n")
        .append("- Secrets are never printed, neither in errors nor in the start-up summary.\n\n")
        .append("## Options\n\n")
        .append("| key | default | description |\n")
        .append("|---|---|---|\n");
    for (ConfigOption<?> option : BinlakeConfig.options()) {
      doc.append("| `")
          .append(option.key())
          .append("` | ")
          .append(option.defaultYaml().map(value -> "`" + value + "`").orElse("*required*"))
          .append(" | ")
          .append(escape(option.description()))
          .append(" |\n");
    }
    doc.append("\n## Example\n\n")
        .append("```yaml\n")
        .append("source:\n")
        .append("  host: 127.0.0.1\n")
        .append("  port: 3306\n")
        .append("  user: binlake\n")
        .append("  password: ${env:BINLAKE_SOURCE_PASSWORD}\n")
        .append("  server-id: 5401\n")
        .append("  include: [\"shop.%\"]\n")
        .append("  exclude: []\n")
        .append("storage:\n")
        .append("  uri: file:./lake\n")
        .append("files:\n")
        .append("  max-batch-interval: 60s\n")
        .append("  min-file-size: 32MB\n")
        .append("warehouse:\n")
        .append("  type: duckdb\n")
        .append("  path: ./lake.duckdb\n")
        .append("state:\n")
        .append("  dir: ./state\n")
        .append("```\n");
    return doc.toString();
  }

  /** Keeps a description from breaking the table or reading as HTML. */
  private static String escape(String text) {
    return text.replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;");
  }

  /** Writes the reference to a file, by default {@code docs/configuration.md}. */
  public static void write(Path file) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      Files.createDirectories(parent);
      Files.writeString(file, markdown());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the configuration reference to " + file, e);
    }
  }

  public static void main(String[] args) {
    Path file = Path.of(args.length > 0 ? args[0] : "docs/configuration.md");
    write(file);
    System.out.println("Wrote " + file.toAbsolutePath());
  }
}
