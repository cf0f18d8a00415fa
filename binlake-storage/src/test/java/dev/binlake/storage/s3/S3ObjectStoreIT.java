package dev.binlake.storage.s3;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.binlake.api.BinlakeException;
import dev.binlake.api.ErrorCode;
import dev.binlake.api.StoredObject;
import dev.binlake.testing.s3.S3ProxyServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class S3ObjectStoreIT {
  private static S3ProxyServer server;
  private static S3ObjectStore store;

  @TempDir Path temp;

  @BeforeAll
  static void startS3Proxy() {
    server = S3ProxyServer.inMemory("lake");
    store = new S3ObjectStore(settings(server.bucket()));
  }

  @AfterAll
  static void stopS3Proxy() {
    store.close();
    server.close();
  }

  private static S3Settings settings(String bucket) {
    return S3Settings.fromUri("s3://" + bucket + "/cdc", server.region())
        .withEndpoint(server.endpoint())
        .withPathStyleAccess()
        .withCredentials(new S3Credentials(server.accessKey(), server.secretKey()))
        .withMultipart(S3Settings.MIB, S3Settings.MIN_PART_SIZE);
  }

  @Test
  void putStoresTheFileAndStatOpenAndListSeeIt() throws Exception {
    Instant before = Instant.now().minusSeconds(2);

    StoredObject stored = store.put("cdc/shop/orders/f1.parquet", file("f1", "hello"));

    assertThat(stored.key()).isEqualTo("cdc/shop/orders/f1.parquet");
    assertThat(stored.size()).isEqualTo(5);
    assertThat(stored.etag()).isEqualTo("5d41402abc4b2a76b9719d911017c592"); // md5("hello")
    assertThat(stored.lastModified()).isAfter(before);
    assertThat(store.stat("cdc/shop/orders/f1.parquet")).contains(stored);
    try (InputStream in = store.open("cdc/shop/orders/f1.parquet")) {
      assertThat(new String(in.readAllBytes(), UTF_8)).isEqualTo("hello");
    }
    assertThat(store.list("cdc/shop/orders/")).containsExactly(stored);
    assertThat(store.bucket()).isEqualTo("lake");
    assertThat(store.keyPrefix()).isEqualTo("cdc/");
  }

  @Test
  void putAgainReplacesTheObject() throws Exception {
    store.put("cdc/replace/x.bin", file("x1", "first version"));

    StoredObject second = store.put("cdc/replace/x.bin", file("x2", "second"));

    assertThat(second.size()).isEqualTo(6);
    assertThat(store.list("cdc/replace/")).containsExactly(second);
    try (InputStream in = store.open("cdc/replace/x.bin")) {
      assertThat(new String(in.readAllBytes(), UTF_8)).isEqualTo("second");
    }
  }

  @Test
  void uploadsFilesOverTheThresholdInPartsAndReadsThemBackWhole() throws Exception {
    long size = 12 * S3Settings.MIB + 12_345; // three parts of 5 MiB, 5 MiB and the rest
    Path big = randomFile("big.bin", size);

    StoredObject stored = store.put("cdc/big/big.bin", big);

    assertThat(stored.size()).isEqualTo(size);
    assertThat(stored.etag()).matches("[0-9a-f]{32}-3");
    assertThat(store.stat("cdc/big/big.bin").orElseThrow().size()).isEqualTo(size);
    try (InputStream in = store.open("cdc/big/big.bin")) {
      assertThat(sha256(in)).isEqualTo(sha256(Files.newInputStream(big)));
    }
  }

  @Test
  void listsMoreThanOnePageInS3KeyOrder() throws Exception {
    Path one = file("one", "1");
    List<String> keys =
        IntStream.range(0, 1_050).mapToObj(i -> String.format("cdc/many/k%05d", i)).toList();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      for (Future<?> put : pool.invokeAll(keys.stream().map(key -> put(key, one)).toList())) {
        put.get();
      }
    } finally {
      pool.shutdown();
    }
    store.put("cdc/many/\u00e9", one); // UTF-8 order: after every ASCII key
    store.put("cdc/many-other/not-listed", one);

    List<StoredObject> listed = store.list("cdc/many/");

    assertThat(listed).hasSize(1_051);
    assertThat(listed.subList(0, 1_050)).extracting(StoredObject::key).isEqualTo(keys);
    assertThat(listed.get(1_050).key()).isEqualTo("cdc/many/\u00e9");
  }

  @Test
  void openOfAMissingKeySaysObjectNotFoundAndStatIsEmpty() {
    assertThatThrownBy(() -> store.open("cdc/nothing/here.parquet"))
        .isInstanceOf(BinlakeException.class)
        .hasMessage(
            "Cannot read cdc/nothing/here.parquet from s3://lake/cdc/: no such object (check the"
                + " key; list the bucket to see what is stored)")
        .extracting(e -> ((BinlakeException) e).code())
        .isEqualTo(ErrorCode.OBJECT_NOT_FOUND);
    assertThat(store.stat("cdc/nothing/here.parquet")).isEmpty();
  }

  @Test
  void aMissingBucketIsNamedWithWhatToCheck() throws Exception {
    Path f = file("m", "x");
    try (S3ObjectStore missing = new S3ObjectStore(settings("no-such-bucket"))) {
      String expected =
          "bucket 'no-such-bucket' does not exist (check storage.uri and storage.s3.endpoint,"
              + " and create the bucket)";
      assertThatThrownBy(() -> missing.put("cdc/a.parquet", f))
          .isInstanceOf(BinlakeException.class)
          .hasMessage(
              "Cannot store cdc/a.parquet in s3://no-such-bucket/cdc/ at %s: %s",
              server.endpoint(), expected)
          .extracting(e -> ((BinlakeException) e).code())
          .isEqualTo(ErrorCode.STORAGE_FAILED);
      assertThatThrownBy(missing::requireBucket)
          .hasMessage("Cannot use bucket no-such-bucket at %s: %s", server.endpoint(), expected);
      assertThatThrownBy(() -> missing.list("cdc/"))
          .hasMessage(
              "Cannot list s3://no-such-bucket/cdc/ under prefix 'cdc/' at %s: %s",
              server.endpoint(), expected);
    }
  }

  @Test
  void wrongCredentialsSayAccessDenied() {
    S3Settings wrong =
        settings(server.bucket()).withCredentials(new S3Credentials("someone", "wrong"));
    try (S3ObjectStore denied = new S3ObjectStore(wrong)) {
      assertThatThrownBy(() -> denied.list("cdc/"))
          .isInstanceOf(BinlakeException.class)
          .hasMessageStartingWith(
              "Cannot list s3://lake/cdc/ under prefix 'cdc/' at "
                  + server.endpoint()
                  + ":"
                  + " access denied (")
          .hasMessageEndingWith(
              "(check the credentials: storage.s3.access-key and secret-key, or the AWS default"
                  + " credentials chain; and that they may use the bucket)");
    }
  }

  @Test
  void anUnreachableEndpointIsRetriedThenNamed() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    S3Settings nowhere =
        settings(server.bucket()).withEndpoint(URI.create("http://127.0.0.1:" + closedPort));
    long start = System.nanoTime();
    try (S3ObjectStore unreachable = new S3ObjectStore(nowhere)) {
      assertThatThrownBy(() -> unreachable.stat("cdc/x"))
          .isInstanceOf(BinlakeException.class)
          .hasMessageStartingWith(
              "Cannot look up cdc/x in s3://lake/cdc/ at http://127.0.0.1:%d: ", closedPort)
          .hasMessageContaining("Connection refused")
          .hasMessageEndingWith(
              "(check storage.s3.endpoint / region / credentials and that the bucket exists; the"
                  + " request was retried)");
    }
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
  }

  private static Callable<StoredObject> put(String key, Path file) {
    return () -> store.put(key, file);
  }

  private Path file(String name, String content) throws IOException {
    return Files.writeString(temp.resolve(name), content, UTF_8);
  }

  private Path randomFile(String name, long size) throws IOException {
    Path path = temp.resolve(name);
    Random random = new Random(42);
    byte[] buffer = new byte[64 * 1024];
    try (OutputStream out = Files.newOutputStream(path)) {
      for (long written = 0; written < size; written += buffer.length) {
        random.nextBytes(buffer);
        out.write(buffer, 0, (int) Math.min(buffer.length, size - written));
      }
    }
    return path;
  }

  private static String sha256(InputStream in) throws Exception {
    try (in) {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[64 * 1024];
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        digest.update(buffer, 0, n);
      }
      return HexFormat.of().formatHex(digest.digest());
    }
  }
}
