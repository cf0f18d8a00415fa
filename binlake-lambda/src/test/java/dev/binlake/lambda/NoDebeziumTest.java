package dev.binlake.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The loader side must build and run without Debezium (DESIGN.md). */
class NoDebeziumTest {
  @Test
  void noDebeziumClassIsLoadable() {
    for (String name :
        new String[] {
          "io.debezium.engine.DebeziumEngine",
          "io.debezium.embedded.EmbeddedEngine",
          "io.debezium.connector.mysql.MySqlConnector",
          "io.debezium.connector.mariadb.MariaDbConnector"
        }) {
      assertThatThrownBy(() -> Class.forName(name))
          .isInstanceOf(ClassNotFoundException.class)
          .hasMessage(name);
    }
  }

  @Test
  void noDebeziumOrCaptureJarIsOnTheClasspath() {
    // surefire starts tests from a manifest-only jar and names the real classpath here
    String classpath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    String[] entries = classpath.split(File.pathSeparator);

    // whole paths: in a reactor build a module is its target/classes folder, not a named jar
    assertThat(Arrays.asList(entries))
        .anyMatch(path -> path.contains("binlake-load")) // the loader is there: a real classpath
        .noneMatch(path -> path.contains("debezium") || path.contains("binlake-capture"));
  }
}
