package dev.binlake.files.dms;

import static org.assertj.core.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * The real AWS DMS file of ../shared/testdata/dms (SOURCES.md): skipped without it, except in CI.
 */
final class DmsTestData {
  private DmsTestData() {}

  static Path realFullLoadFile() {
    Path file =
        Path.of(
            System.getProperty("binlake.root", "."),
            "..",
            "shared",
            "testdata",
            "dms",
            "postgres_source_LOAD00000001.parquet");
    if (!Files.isRegularFile(file)) {
      String message = "the public DMS test file " + file + " is absent (../shared/testdata)";
      if ("true".equals(System.getenv("CI"))) {
        fail(message + ": CI must have it");
      }
      Assumptions.abort(message + ": skipping");
    }
    return file;
  }
}
