package dev.binlake.testing.s3;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;

/**
 * S3Proxy in this JVM on {@code http://127.0.0.1:<free port>}, with one bucket. Clients use
 * path-style access, any region, and {@link #accessKey()} / {@link #secretKey()} (signature V2 or
 * V4). S3Proxy emits no events. Unknown request headers (the SDK's checksum headers) are ignored.
 *
 * <pre>{@code
 * try (S3ProxyServer s3 = S3ProxyServer.inMemory("lake")) {
 *   URI endpoint = s3.endpoint();   // http://127.0.0.1:41234
 * }
 * }</pre>
 */
public final class S3ProxyServer implements AutoCloseable {
  private static final String ACCESS_KEY = "binlake-test-access";
  private static final String SECRET_KEY = "binlake-test-secret";

  private final S3Proxy proxy;
  private final String bucket;
  private final URI endpoint;

  private S3ProxyServer(BlobStore blobStore, String bucket) {
    this.bucket = requireNonNull(bucket, "bucket is null");
    blobStore.createContainer(bucket);
    proxy =
        S3Proxy.builder()
            .blobStore(blobStore)
            .endpoint(URI.create("http://127.0.0.1:0"))
            .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
            .ignoreUnknownHeaders(true)
            .build();
    try {
      proxy.start();
    } catch (Exception e) {
      throw new IllegalStateException("Cannot start S3Proxy on 127.0.0.1: " + e.getMessage(), e);
    }
    endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
  }

  /** Objects in memory; they vanish with the server. Fine for objects of a few MB. */
  public static S3ProxyServer inMemory(String bucket) {
    return new S3ProxyServer(new TransientNio2BlobStore(), bucket);
  }

  /**
   * Objects as files under {@code folder} (created if missing; one subfolder per bucket), for large
   * objects that should not fill the test JVM's heap.
   */
  public static S3ProxyServer inFolder(Path folder, String bucket) {
    try {
      Files.createDirectories(folder);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create S3Proxy's folder " + folder, e);
    }
    return new S3ProxyServer(
        new FilesystemNio2BlobStore(folder.toAbsolutePath().toString()), bucket);
  }

  /** {@code http://127.0.0.1:<port>}: the endpoint override for S3 clients. */
  public URI endpoint() {
    return endpoint;
  }

  /** The bucket created at start. */
  public String bucket() {
    return bucket;
  }

  public String accessKey() {
    return ACCESS_KEY;
  }

  public String secretKey() {
    return SECRET_KEY;
  }

  /** Any region works; clients must still name one. */
  public String region() {
    return "us-east-1";
  }

  @Override
  public void close() {
    try {
      proxy.stop();
    } catch (Exception e) {
      throw new IllegalStateException("Cannot stop S3Proxy at " + endpoint, e);
    }
  }

  @Override
  public String toString() {
    return "S3ProxyServer[" + endpoint + ", bucket " + bucket + "]";
  }
}
