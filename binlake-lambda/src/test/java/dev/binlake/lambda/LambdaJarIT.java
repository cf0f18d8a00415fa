package dev.binlake.lambda;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.binlake.api.OrderKey;
import dev.binlake.api.StoredObject;
import dev.binlake.files.DmsLayout;
import dev.binlake.storage.s3.S3Credentials;
import dev.binlake.storage.s3.S3ObjectStore;
import dev.binlake.storage.s3.S3Settings;
import dev.binlake.testing.s3.S3ProxyServer;
import dev.binlake.testing.warehouse.PostgresTestDatabase;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The deployment jar as Lambda gets it: contents, size, and a large load in a small heap. */
class LambdaJarIT {
  private static final long MB = 1024 * 1024;
  private static final Path JAR = Path.of(System.getProperty("binlake.lambda.jar"));

  /**
   * The child JVM's heap. Change files have 32 MB row groups (the writer's default) and the Parquet
   * reader holds one row group's column chunks while it decodes them, so the heap a load needs
   * follows the row-group size, not the file size: 96 MB loads the ~50 MB file here; 80 MB does
   * not. A larger file (-Dbinlake.test.rows=720000, ~150 MB) loads in the same heap.
   */
  private static final String HEAP = System.getProperty("binlake.test.xmx", "96m");

  private static final int ROWS = Integer.getInteger("binlake.test.rows", 240_000);

  @TempDir Path temp;

  @Test
  void theJarHoldsTheHandlerButNoDebeziumAndFitsLambdasLimits() throws Exception {
    long unzipped = 0;
    List<String> names = new ArrayList<>();
    try (ZipFile zip = new ZipFile(JAR.toFile())) {
      for (ZipEntry entry : Collections.list(zip.entries())) {
        names.add(entry.getName());
        unzipped += Math.max(0, entry.getSize());
      }
    }
    System.out.printf(
        "Lambda jar %s: %.1f MB, %.1f MB unzipped%n",
        JAR.getFileName(), Files.size(JAR) / (double) MB, unzipped / (double) MB);

    assertThat(names)
        .contains(
            "dev/binlake/lambda/LoadHandler.class",
            "com/amazonaws/services/lambda/runtime/RequestHandler.class",
            "org/postgresql/Driver.class",
            "software/amazon/awssdk/services/s3/S3Client.class")
        .noneMatch(name -> name.startsWith("io/debezium/"))
        .noneMatch(name -> name.startsWith("org/duckdb/"))
        .noneMatch(name -> name.startsWith("dev/binlake/capture/"));
    assertThat(Files.size(JAR)).isLessThan(50 * MB); // direct upload limit (zipped)
    assertThat(unzipped).isLessThan(250 * MB); // deployment package limit (unzipped)
  }

  @Test
  void loadsA50MbFileInAChildJvmWithA96MbHeap() throws Exception {
    Path big = temp.resolve("big.parquet");
    String key = DmsLayout.cdcKey("cdc", ChangeFiles.ORDERS, ChangeFiles.COMMIT, first());
    int rows = ROWS;
    ChangeFiles.writeLarge(big, key, rows, 200);
    assertThat(Files.size(big)).isGreaterThan(rows / 240_000L * 45 * MB);

    try (S3ProxyServer s3 = S3ProxyServer.inFolder(temp.resolve("s3"), "lake");
        PostgresTestDatabase database = PostgresTestDatabase.create(LambdaJarIT.class)) {
      StoredObject stored;
      try (S3ObjectStore uploads =
          new S3ObjectStore(
              S3Settings.fromUri("s3://lake/cdc", s3.region())
                  .withEndpoint(s3.endpoint())
                  .withPathStyleAccess()
                  .withCredentials(new S3Credentials(s3.accessKey(), s3.secretKey())))) {
        stored = uploads.put(key, big);
      }
      Path event = temp.resolve("event.json");
      Files.writeString(event, EventSamples.eventBridgeJson("lake", key, stored.size()), UTF_8);

      ProcessBuilder builder =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-Xmx" + HEAP,
                  "-XX:+UseSerialGC",
                  "-XX:+ExitOnOutOfMemoryError",
                  "-Djava.io.tmpdir=" + temp,
                  "-cp",
                  JAR + File.pathSeparator + testClasses(),
                  HandlerProcess.class.getName(),
                  event.toString())
              .redirectErrorStream(true);
      Map<String, String> env = builder.environment();
      env.put("AWS_REGION", s3.region());
      env.put("BINLAKE_WAREHOUSE_TYPE", "postgres");
      env.put("BINLAKE_POSTGRES_URL", database.jdbcUrl());
      env.put("BINLAKE_POSTGRES_USER", database.user());
      if (database.password() != null) {
        env.put("BINLAKE_POSTGRES_PASSWORD", database.password());
      }
      env.put("BINLAKE_KEY_PREFIX", "cdc/");
      env.put("BINLAKE_S3_ENDPOINT", s3.endpoint().toString());
      env.put("BINLAKE_S3_PATH_STYLE", "true");
      env.put("BINLAKE_S3_ACCESS_KEY", s3.accessKey());
      env.put("BINLAKE_S3_SECRET_KEY", s3.secretKey());
      Process process = builder.start();
      String output = new String(process.getInputStream().readAllBytes(), UTF_8);
      assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
      System.out.println(output);

      assertThat(process.exitValue()).as(output).isZero();
      assertThat(output).contains("RESULT {loaded=[s3://lake/" + key + "], ignored=[]}");
      long peak = number(output, "PEAK_HEAP_BYTES");
      System.out.printf(
          "File %.1f MB, %d rows: loaded with -Xmx%s (sum of heap pools' peaks %.1f MB, an upper"
              + " bound), max heap %.1f MB, %d ms%n",
          stored.size() / (double) MB,
          rows,
          HEAP,
          peak / (double) MB,
          number(output, "MAX_HEAP_BYTES") / (double) MB,
          number(output, "MILLIS"));
      assertThat(number(output, "MAX_HEAP_BYTES")).isLessThanOrEqualTo(96 * MB);
      assertThat(Rows.query(database, "SELECT count(*) FROM shop.orders_history"))
          .containsExactly(List.of((long) rows));
      try (var files = Files.list(temp)) {
        assertThat(files.map(p -> p.getFileName().toString()))
            .noneMatch(name -> name.startsWith("binlake-load-")); // the /tmp copy is removed
      }
    }
  }

  private static OrderKey first() {
    return OrderKey.streamed(1, 100, 0, 0);
  }

  private static Path testClasses() throws Exception {
    return Path.of(
        HandlerProcess.class.getProtectionDomain().getCodeSource().getLocation().toURI());
  }

  private static long number(String output, String name) {
    Matcher matcher = Pattern.compile(name + " (\\d+)").matcher(output);
    assertThat(matcher.find()).as(name + " in " + output).isTrue();
    return Long.parseLong(matcher.group(1));
  }
}
