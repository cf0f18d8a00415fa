package dev.binlake.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.binlake.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Both demos end to end, as a user runs them: {@code binlake demo} (local folder + DuckDB) and
 * {@code binlake demo --scaled} (S3Proxy + RabbitMQ + a capture and two loader processes +
 * PostgreSQL). Each must print EQUAL for every table and exit 0.
 */
class DemoIT {
  @TempDir Path dir;

  @Test
  void localDemoReplicatesTheWorkloadAndComparesEqual() {
    Path root = dir.resolve("local");
    Run run = demo("--dir", root.toString(), "--seconds", "3");

    assertThat(run.code()).as(run.out()).isZero();
    assertThat(run.out())
        .contains("== Change history: the last 8 changes of shop.orders ==")
        .containsPattern("shop\\.customers .*: EQUAL")
        .containsPattern("shop\\.products .*: EQUAL")
        .containsPattern("shop\\.orders .*: EQUAL")
        .doesNotContain("DIFFERENT");
    assertThat(root.resolve("lake.duckdb")).exists();
  }

  @Test
  void scaledDemoLoadsEachFileOnceThroughSeveralLoaderProcesses() throws Exception {
    Path root = dir.resolve("scaled");
    Run run = demo("--scaled", "--loaders", "2", "--dir", root.toString(), "--seconds", "4");

    assertThat(run.code()).as(run.out()).isZero();
    assertThat(run.out())
        .contains("2 `binlake load` processes subscribed to queue binlake-demo")
        .containsPattern("shop\\.customers .*: EQUAL")
        .containsPattern("shop\\.products .*: EQUAL")
        .containsPattern("shop\\.orders .*: EQUAL")
        .doesNotContain("DIFFERENT")
        .contains("each file loaded once")
        .contains("Warehouse: jdbc:postgresql://")
        .doesNotContain("did not stop");
    long stored;
    try (Stream<Path> files = Files.walk(root.resolve("s3").resolve("lake"))) {
      stored = files.filter(f -> f.toString().endsWith(".parquet")).count();
    }
    Matcher summary =
        Pattern.compile("(\\d+) change files stored in S3, (\\d+) loads by 2 loaders")
            .matcher(run.out());
    assertThat(summary.find()).as(run.out()).isTrue();
    assertThat(Long.parseLong(summary.group(1))).isEqualTo(stored);
    assertThat(Long.parseLong(summary.group(2))).isEqualTo(stored);
    // snapshot files of three tables plus change files of the streamed workload
    assertThat(stored).isGreaterThan(3);
    // every child process is gone: the loaders' and capture's logs end with a clean stop
    for (String name : new String[] {"loader-1", "loader-2", "capture"}) {
      assertThat(Files.readString(root.resolve("logs").resolve(name + ".log")))
          .as(name)
          .contains("Stopping: storing open files and finishing loads");
    }
  }

  @Test
  void scaledOptionsWithoutScaledAreRefused() {
    Run run = demo("--loaders", "2", "--dir", dir.resolve("none").toString());

    assertThat(run.code()).isEqualTo(2);
    assertThat(run.out()).contains("--loaders is for the scaled demo: add --scaled");
    assertThat(dir.resolve("none")).doesNotExist();
  }

  private static Run demo(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    String[] command = new String[args.length + 1];
    command[0] = "demo";
    System.arraycopy(args, 0, command, 1, args.length);
    int code = Main.execute(new PrintWriter(out), new PrintWriter(err), command);
    return new Run(code, out + err.toString());
  }

  private record Run(int code, String out) {}
}
