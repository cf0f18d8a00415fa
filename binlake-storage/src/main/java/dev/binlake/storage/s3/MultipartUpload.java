package dev.binlake.storage.s3;

import dev.binlake.api.BinlakeException;
import dev.binlake.api.ErrorCode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * One multipart upload of a local file, parts uploaded one after another, each read straight from
 * the file (a retried part reads its slice again), so memory use does not depend on the file's or
 * the part's size. An upload that fails is aborted, so no parts linger and no object appears.
 */
final class MultipartUpload {
  /** S3 allows at most this many parts per upload. */
  static final int MAX_PARTS = 10_000;

  private static final Logger log = LoggerFactory.getLogger(MultipartUpload.class);

  private final S3Client s3;
  private final S3Settings settings;
  private final S3Failures failures;

  MultipartUpload(S3Client s3, S3Settings settings, S3Failures failures) {
    this.s3 = s3;
    this.settings = settings;
    this.failures = failures;
  }

  /** The part size for a file of {@code size} bytes: the configured one, or larger if needed. */
  static long partSize(long configured, long size) {
    long needed = (size + MAX_PARTS - 1) / MAX_PARTS;
    return Math.max(configured, needed);
  }

  /** Uploads {@code file} ({@code size} bytes) as {@code key}; returns the etag without quotes. */
  String upload(String key, Path file, long size) {
    String bucket = settings.bucket();
    String uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key(key)).uploadId();
    long partSize = partSize(settings.partSize(), size);
    try {
      List<CompletedPart> parts = new ArrayList<>();
      int number = 1;
      for (long offset = 0; offset < size; offset += partSize, number++) {
        long length = Math.min(partSize, size - offset);
        int partNumber = number;
        try (FileSlice slice = new FileSlice(file, offset, length)) {
          UploadPartResponse response =
              s3.uploadPart(
                  b ->
                      b.bucket(bucket)
                          .key(key)
                          .uploadId(uploadId)
                          .partNumber(partNumber)
                          .contentLength(length),
                  RequestBody.fromContentProvider(slice, length, "application/octet-stream"));
          parts.add(CompletedPart.builder().partNumber(partNumber).eTag(response.eTag()).build());
        }
      }
      String etag =
          s3.completeMultipartUpload(
                  b ->
                      b.bucket(bucket)
                          .key(key)
                          .uploadId(uploadId)
                          .multipartUpload(m -> m.parts(parts)))
              .eTag();
      log.debug("Uploaded {} in {} parts of up to {} bytes", key, parts.size(), partSize);
      return S3Failures.unquote(etag);
    } catch (SdkException | UncheckedIOException e) {
      abort(key, uploadId);
      if (e instanceof UncheckedIOException io) {
        throw new BinlakeException(
            ErrorCode.STORAGE_FAILED,
            io,
            "Cannot store %s in %s: cannot read %s: %s (check the file)",
            key,
            settings.uri(),
            file,
            io.getCause().getMessage());
      }
      throw e;
    } catch (RuntimeException e) {
      abort(key, uploadId);
      throw e;
    }
  }

  private void abort(String key, String uploadId) {
    try {
      s3.abortMultipartUpload(b -> b.bucket(settings.bucket()).key(key).uploadId(uploadId));
    } catch (SdkException e) {
      log.warn(
          "Cannot abort multipart upload {} of {} in {}: {} (a bucket lifecycle rule for"
              + " incomplete multipart uploads removes its parts)",
          uploadId,
          key,
          settings.uri(),
          e.getMessage());
    }
  }

  /**
   * {@code length} bytes of a file from {@code offset}, as a new stream for every attempt of the
   * part's request; the previous attempt's stream is closed when the next one opens.
   */
  private static final class FileSlice implements ContentStreamProvider, AutoCloseable {
    private final Path file;
    private final long offset;
    private final long length;
    private InputStream current;

    FileSlice(Path file, long offset, long length) {
      this.file = file;
      this.offset = offset;
      this.length = length;
    }

    @Override
    public InputStream newStream() {
      close();
      try {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        channel.position(offset);
        current = new BoundedInputStream(Channels.newInputStream(channel), length);
        return current;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public void close() {
      if (current != null) {
        try {
          current.close();
        } catch (IOException e) {
          log.debug("Cannot close part stream of {}: {}", file, e.getMessage());
        }
        current = null;
      }
    }
  }

  /** At most {@code remaining} bytes of a stream. */
  private static final class BoundedInputStream extends InputStream {
    private final InputStream in;
    private long remaining;

    BoundedInputStream(InputStream in, long remaining) {
      this.in = in;
      this.remaining = remaining;
    }

    @Override
    public int read() throws IOException {
      if (remaining <= 0) {
        return -1;
      }
      int b = in.read();
      if (b >= 0) {
        remaining--;
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int off, int len) throws IOException {
      if (remaining <= 0) {
        return -1;
      }
      int n = in.read(buffer, off, (int) Math.min(len, remaining));
      if (n > 0) {
        remaining -= n;
      }
      return n;
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }
}
