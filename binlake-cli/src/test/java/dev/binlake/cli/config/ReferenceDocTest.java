package dev.binlake.cli.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/configuration.md is generated from the option declarations and committed. When this test
 * fails, regenerate it: {@code mvn -q -o -pl binlake-cli test -Dtest=ReferenceDocTest
 * -Dbinlake.update-docs=true}.
 */
class ReferenceDocTest {
  @Test
  void docsFileIsUpToDate() throws IOException {
    Path docs = projectRoot().resolve("docs/configuration.md");
    if (Boolean.getBoolean("binlake.update-docs")) {
      ReferenceDoc.write(docs);
    }
    String advice =
        docs
            + " is out of date: run mvn -q -o -pl binlake-cli test"
            + " -Dtest=ReferenceDocTest -Dbinlake.update-docs=true, and commit it";
    assertThat(docs).as(advice).exists();
    assertThat(Files.readString(docs)).as(advice).isEqualTo(ReferenceDoc.markdown());
  }

  @Test
  void listsEveryOptionWithItsDefaultAndDescription() {
    String doc = ReferenceDoc.markdown();
    for (ConfigOption<?> option : BinlakeConfig.options()) {
      assertThat(doc).contains("| `" + option.key() + "` | ");
    }
    assertThat(doc)
        .contains(
            "| `source.host` | *required* | Host name or IP address of the MySQL or"
                + " MariaDB server to capture from. |")
        .contains("| `source.port` | `3306` | TCP port of the server. |")
        .contains("| `source.include` | `[\"%.%\"]` | ")
        .contains("| `files.min-file-size` | `32MB` | ")
        .contains("| `storage.uri` | `file:./lake` | Where change files go: file:&lt;folder&gt;");
  }

  @Test
  void showsAnExampleThatLoads(@TempDir Path folder) throws IOException {
    String doc = ReferenceDoc.markdown();
    String example = doc.substring(doc.indexOf("```yaml\n") + 8, doc.lastIndexOf("```"));
    Path file = folder.resolve("binlake.yaml");
    Files.writeString(file, example);
    BinlakeConfig config = BinlakeConfig.load(file, Map.of("BINLAKE_SOURCE_PASSWORD", "pw"));
    assertThat(config.source().include()).containsExactly(TablePattern.parse("shop.%"));
    assertThat(example).isEqualTo(BinlakeConfigTest.DESIGN_EXAMPLE.replaceAll(" *#.*", ""));
  }

  /** The folder of the parent pom: Maven passes it as binlake.root, else walk up to it. */
  private static Path projectRoot() {
    Path start = Path.of(System.getProperty("binlake.root", "")).toAbsolutePath();
    for (Path dir = start; dir != null; dir = dir.getParent()) {
      if (Files.isDirectory(dir.resolve("binlake-api")) && Files.exists(dir.resolve("pom.xml"))) {
        return dir;
      }
    }
    throw new AssertionError("Cannot find the binlake project folder above " + start);
  }
}
