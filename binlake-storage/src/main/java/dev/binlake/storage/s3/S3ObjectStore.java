package dev.binlake.storage.s3;

import static java.util.Objects.requireNonNull;

import dev.binlake.api.BinlakeException;
import dev.binlake.api.ErrorCode;
import dev.binlake.api.ObjectStore;
import dev.binlake.api.StoredObject;
import dev.binlake.storage.ObjectKeys;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * An {@link ObjectStore} over one S3 bucket (AWS S3 or an S3-compatible server).
 *
 * <p><b>Keys are whole S3 keys.</b> The store does not prepend its {@link S3Settings#prefix()}: the
 * key {@code cdc/shop/orders/LOAD00000001.parquet} is that key in the bucket, exactly as S3's
 * "Object Created" events carry it. The prefix is what binlake writes under and loads from: pass
 * {@link #keyPrefix()} as the layout prefix of the change files and as the loader's key prefix.
 *
 * <p>{@link #put} sends files up to {@link S3Settings#multipartThreshold()} in one PutObject
 * streamed from the file, larger ones as a multipart upload whose parts are read from the file one
 * at a time (S3 shows the object only when the upload completes; a failed upload is aborted).
 * {@link #open} streams the object. Etags are S3's without quotes: the hex MD5 for single-part
 * uploads, {@code <md5 of part md5s>-<parts>} for multipart ones. Requests are retried with the
 * SDK's standard retry mode (exponential backoff, up to {@value #MAX_ATTEMPTS} attempts).
 */
public final class S3ObjectStore implements ObjectStore {
  static final int MAX_ATTEMPTS = 5;
  private static final Logger log = LoggerFactory.getLogger(S3ObjectStore.class);

  private final S3Settings settings;
  private final S3Client s3;
  private final S3Failures failures;

  public S3ObjectStore(S3Settings settings) {
    this.settings = requireNonNull(settings, "settings is null");
    this.s3 = client(settings);
    this.failures = new S3Failures(settings);
  }

  private static S3Client client(S3Settings settings) {
    AwsCredentialsProvider credentials =
        settings
            .credentials()
            .<AwsCredentialsProvider>map(
                c ->
                    StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(c.accessKeyId(), c.secretAccessKey())))
            .orElseGet(() -> DefaultCredentialsProvider.builder().build());
    S3ClientBuilder builder =
        S3Client.builder()
            .region(Region.of(settings.region()))
            .credentialsProvider(credentials)
            .forcePathStyle(settings.pathStyle())
            .overrideConfiguration(
                o ->
                    o.retryStrategy(
                        AwsRetryStrategy.standardRetryStrategy().toBuilder()
                            .maxAttempts(MAX_ATTEMPTS)
                            .build()));
    settings.endpoint().ifPresent(builder::endpointOverride);
    return builder.build();
  }

  /** The settings this store was made with. */
  public S3Settings settings() {
    return settings;
  }

  @Override
  public String bucket() {
    return settings.bucket();
  }

  /** {@link S3Settings#prefix()}: {@code ""} or ending in {@code /}. */
  public String keyPrefix() {
    return settings.prefix();
  }

  /**
   * Checks that the bucket exists and these credentials may use it (one HeadBucket request), so a
   * misconfiguration shows at start rather than at the first file.
   */
  public void requireBucket() {
    try {
      s3.headBucket(b -> b.bucket(settings.bucket()));
    } catch (SdkException e) {
      throw failures.of(e, S3Failures.CHECK_BUCKET + settings.bucket());
    }
  }

  @Override
  public StoredObject put(String key, Path file) {
    ObjectKeys.requireValid(key);
    requireNonNull(file, "file is null");
    long size;
    try {
      size = Files.size(file);
    } catch (NoSuchFileException e) {
      throw new BinlakeException(
          ErrorCode.STORAGE_FAILED,
          e,
          "Cannot store %s in %s: the file to store, %s, does not exist",
          key,
          settings.uri(),
          file);
    } catch (IOException e) {
      throw new BinlakeException(
          ErrorCode.STORAGE_FAILED,
          e,
          "Cannot store %s in %s: cannot read %s: %s (check the file's permissions)",
          key,
          settings.uri(),
          file,
          e.getMessage());
    }
    try {
      String etag;
      if (size > settings.multipartThreshold()) {
        etag = new MultipartUpload(s3, settings, failures).upload(key, file, size);
      } else {
        PutObjectResponse response =
            s3.putObject(b -> b.bucket(settings.bucket()).key(key), RequestBody.fromFile(file));
        etag = S3Failures.unquote(response.eTag());
      }
      Instant lastModified =
          stat(key)
              .map(StoredObject::lastModified)
              .orElseThrow(
                  () ->
                      new BinlakeException(
                          ErrorCode.STORAGE_FAILED,
                          "Cannot store %s in %s: the object is missing right after its upload"
                              + " (check that nothing deletes objects under %s)",
                          key,
                          settings.uri(),
                          settings.prefix().isEmpty() ? "the bucket" : settings.prefix()));
      log.debug("Stored {} ({} bytes) in {}", key, size, settings.uri());
      return new StoredObject(key, size, etag, lastModified);
    } catch (SdkException e) {
      throw failures.of(e, "store " + key + " in " + settings.uri());
    }
  }

  @Override
  public InputStream open(String key) {
    ObjectKeys.requireValid(key);
    try {
      return s3.getObject(b -> b.bucket(settings.bucket()).key(key));
    } catch (NoSuchKeyException e) {
      throw new BinlakeException(
          ErrorCode.OBJECT_NOT_FOUND,
          e,
          "Cannot read %s from %s: no such object (check the key; list the bucket to see what is"
              + " stored)",
          key,
          settings.uri());
    } catch (SdkException e) {
      throw failures.of(e, "read " + key + " from " + settings.uri());
    }
  }

  @Override
  public List<StoredObject> list(String prefix) {
    ObjectKeys.requireValidPrefix(prefix);
    List<StoredObject> objects = new ArrayList<>();
    try {
      for (S3Object object :
          s3.listObjectsV2Paginator(b -> b.bucket(settings.bucket()).prefix(prefix)).contents()) {
        objects.add(
            new StoredObject(
                object.key(),
                object.size() == null ? 0 : object.size(),
                S3Failures.unquote(object.eTag()),
                object.lastModified() == null ? Instant.EPOCH : object.lastModified()));
      }
    } catch (SdkException e) {
      throw failures.of(e, "list " + settings.uri() + " under prefix '" + prefix + "'");
    }
    // AWS S3 lists in UTF-8 byte order already; some S3-compatible servers do not
    objects.sort((a, b) -> ObjectKeys.S3_ORDER.compare(a.key(), b.key()));
    return objects;
  }

  @Override
  public Optional<StoredObject> stat(String key) {
    ObjectKeys.requireValid(key);
    try {
      HeadObjectResponse head = s3.headObject(b -> b.bucket(settings.bucket()).key(key));
      return Optional.of(
          new StoredObject(
              key,
              head.contentLength() == null ? 0 : head.contentLength(),
              S3Failures.unquote(head.eTag()),
              head.lastModified() == null ? Instant.EPOCH : head.lastModified()));
    } catch (NoSuchKeyException e) {
      return Optional.empty();
    } catch (SdkException e) {
      if (S3Failures.isNotFound(e)) {
        return Optional.empty();
      }
      throw failures.of(e, "look up " + key + " in " + settings.uri());
    }
  }

  @Override
  public void close() {
    s3.close();
  }

  @Override
  public String toString() {
    return "S3ObjectStore[" + settings.uri() + " at " + settings.where() + "]";
  }
}
