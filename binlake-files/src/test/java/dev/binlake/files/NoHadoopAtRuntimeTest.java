package dev.binlake.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * hadoop-client-api is a provided dependency, so it is on the test classpath; this test rebuilds
 * the classpath without it in a fresh class loader (parent: the platform loader, so nothing leaks
 * in from the test's own loader) and writes and reads change files there. Any Hadoop class that the
 * writer or reader touches fails it with NoClassDefFoundError.
 */
class NoHadoopAtRuntimeTest {
  @TempDir Path dir;

  @Test
  void writesAndReadsChangeFilesWithoutHadoopOnTheClasspath() throws Exception {
    List<URL> urls = new ArrayList<>();
    List<String> dropped = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      if (entry.contains("hadoop-client") || entry.contains(File.separator + "hadoop-")) {
        dropped.add(entry);
      } else {
        urls.add(Path.of(entry).toUri().toURL());
      }
    }
    assertThat(dropped)
        .as("the provided Hadoop jar was on the test classpath")
        .anySatisfy(entry -> assertThat(entry).contains("hadoop-client-api"));
    assertThat(urls)
        .as("the classpath still has parquet")
        .anySatisfy(url -> assertThat(url.toString()).contains("parquet-hadoop"));

    try (URLClassLoader loader =
        new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader())) {
      assertThatThrownBy(() -> loader.loadClass("org.apache.hadoop.conf.Configuration"))
          .isInstanceOf(ClassNotFoundException.class)
          .hasMessage("org.apache.hadoop.conf.Configuration");
      Class<?> probe = loader.loadClass(HadoopFreeProbe.class.getName());
      assertThat(probe.getClassLoader()).isSameAs(loader);
      Method writeAndRead = probe.getMethod("writeAndRead", Path.class);

      long matching = (Long) writeAndRead.invoke(null, dir);

      assertThat(matching).isEqualTo(TestTables.allKindsRows().size() * Codec.values().length);
      assertThat((Long) probe.getMethod("readDmsFile", Path.class).invoke(null, dir))
          .as("rows of a DMS file read without Hadoop")
          .isEqualTo(3L);
    }
  }
}
