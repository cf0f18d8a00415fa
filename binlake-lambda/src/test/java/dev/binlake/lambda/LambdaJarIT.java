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
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/** The deployment jar as Lambda gets it: contents, size, and a large load in a small heap. */
class LambdaJarIT {
  private static final long MB = 1024 * 1024;
  private static final Path JAR = Path.of(System.getProperty("binlake.lambda.jar"));

  /**
   * The heap a load needs follows the row-group size of the change files (32 MB, the writer's
   * default), not the file size: the Parquet reader holds one row group's column chunks while it
   * decodes them. With the serial collector 96 MB loads them and 80 MB does not, so 96 MB is the
   * floor; CI loads a file more than four times that heap, the ratio of the claim "a 1 GB file in a
   * 256 MB heap", which {@link #loadsA1GbFileInA256MbHeap} checks at full size on request.
   */
  private static final String CI_HEAP = "96m";

  /** About 415 MiB (217 bytes a row): 4.3 times the CI heap. */
  private static final int CI_ROWS = 2_000_000;

  /** About 1,035 MiB. */
  private static final int ONE_GB_ROWS = 5_000_000;

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
  void loadsAFileOfFourTimesTheHeapInAChildJvm() throws Exception {
    Measured run = load(CI_ROWS, CI_HEAP);
    assertThat(run.fileBytes()).isGreaterThan(4 * 96 * MB);
  }

  /**
   * The claim at full size: {@code mvn -pl binlake-lambda verify -Dit.test=LambdaJarIT
   * -Dbinlake.lambda.1gb=true} (or {@code binlake-lambda/lambda-1gb}); a few minutes and 3 GB of
   * disk (the file, S3Proxy's copy, the handler's copy in /tmp). {@code
   * -Dbinlake.lambda.1gb.xmx=96m} tries another heap.
   */
  @Test
  @EnabledIfSystemProperty(named = "binlake.lambda.1gb", matches = "true")
  void loadsA1GbFileInA256MbHeap() throws Exception {
    Measured run = load(ONE_GB_ROWS, System.getProperty("binlake.lambda.1gb.xmx", "256m"));
    assertThat(run.fileBytes()).isGreaterThanOrEqualTo(1024 * MB);
  }

  /** What one load in the child JVM measured. */
  private record Measured(long fileBytes) {}

  /** Writes a file of {@code rows} rows, stores it in S3Proxy, loads it with {@code -Xmx heap}. */
  private Measured load(int rows, String heap) throws Exception {
    Path big = temp.resolve("big.parquet");
    String key = DmsLayout.cdcKey("cdc", ChangeFiles.ORDERS, ChangeFiles.COMMIT, first());
    long writeStart = System.nanoTime();
    ChangeFiles.writeLarge(big, key, rows, 200);
    long writeMillis = (System.nanoTime() - writeStart) / 1_000_000;
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
                  "-Xmx" + heap,
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
      assertThat(process.waitFor(20, TimeUnit.MINUTES)).isTrue();
      System.out.println(output);

      assertThat(process.exitValue()).as(output).isZero();
      assertThat(output).contains("RESULT {loaded=[s3://lake/" + key + "], ignored=[]}");
      long peak = number(output, "PEAK_HEAP_BYTES");
      System.out.printf(
          "LAMBDA LOAD: file %.1f MiB, %d rows (written in %d ms): loaded with -Xmx%s in %d ms;"
              + " max heap %.1f MiB, sum of heap pools' peaks %.1f MiB (an upper bound), peak RSS"
              + " %.1f MiB%n",
          stored.size() / (double) MB,
          rows,
          writeMillis,
          heap,
          number(output, "MILLIS"),
          number(output, "MAX_HEAP_BYTES") / (double) MB,
          peak / (double) MB,
          number(output, "PEAK_RSS_BYTES") / (double) MB);
      assertThat(number(output, "MAX_HEAP_BYTES")).isLessThanOrEqualTo(heapBytes(heap));
      assertThat(peak).isLessThanOrEqualTo(heapBytes(heap));
      assertThat(Rows.query(database, "SELECT count(*) FROM shop.orders_history"))
          .containsExactly(List.of((long) rows));
      try (var files = Files.list(temp)) {
        assertThat(files.map(p -> p.getFileName().toString()))
            .noneMatch(name -> name.startsWith("binlake-load-")); // the /tmp copy is removed
      }
      return new Measured(stored.size());
    }
  }

  private static long heapBytes(String heap) {
    return Long.parseLong(heap.substring(0, heap.length() - 1)) * MB;
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
