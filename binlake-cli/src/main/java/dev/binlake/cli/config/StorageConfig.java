package dev.binlake.cli.config;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Where change files are stored ({@code storage.*}): {@code file:<folder>} for a local folder (a
 * relative folder resolves against the config file's folder), or {@code s3://bucket/prefix} with
 * the options under {@code storage.s3}.
 *
 * @param uri {@code file:/absolute/folder}, or {@code s3://bucket/prefix}
 */
public record StorageConfig(
    URI uri,
    String s3Region,
    String s3Endpoint,
    boolean s3PathStyleAccess,
    Secret s3AccessKey,
    Secret s3SecretKey,
    DataSize s3MultipartThreshold,
    DataSize s3MultipartPartSize) {
  static final ConfigOption<URI> URI_OPTION =
      ConfigOption.optional(
          "storage.uri",
          ValueType.scalar(StorageConfig::parseUri, URI::toString),
          "file:./lake",
          "Where change files go: file:<folder> for a local folder (relative to the config file's"
              + " folder), or s3://bucket/prefix for S3 and S3-compatible stores.");
  static final ConfigOption<String> S3_REGION =
      ConfigOption.optional(
          "storage.s3.region", ValueType.text(), "us-east-1", "Region of the bucket.");
  static final ConfigOption<String> S3_ENDPOINT =
      ConfigOption.optional(
          "storage.s3.endpoint",
          ValueType.optionalText(),
          "\"\"",
          "Endpoint URL of an S3-compatible store (MinIO, S3Proxy, ...); empty for AWS S3.");
  static final ConfigOption<Boolean> S3_PATH_STYLE =
      ConfigOption.optional(
          "storage.s3.path-style-access",
          ValueType.bool(),
          "false",
          "Address buckets as <endpoint>/<bucket> instead of <bucket>.<endpoint> (most"
              + " S3-compatible stores need true).");
  static final ConfigOption<Secret> S3_ACCESS_KEY =
      ConfigOption.optional(
          "storage.s3.access-key",
          ValueType.secret(),
          "\"\"",
          "Access key id; empty uses AWS's default credentials chain (environment, profile, role).");
  static final ConfigOption<Secret> S3_SECRET_KEY =
      ConfigOption.optional(
          "storage.s3.secret-key",
          ValueType.secret(),
          "\"\"",
          "Secret access key, with access-key; use ${env:NAME}.");
  static final ConfigOption<DataSize> S3_MULTIPART_THRESHOLD =
      ConfigOption.optional(
          "storage.s3.multipart-threshold",
          ValueType.dataSize(),
          "64MB",
          "Files at least this large are uploaded in parts.");
  static final ConfigOption<DataSize> S3_PART_SIZE =
      ConfigOption.optional(
          "storage.s3.multipart-part-size",
          ValueType.dataSize(),
          "16MB",
          "Size of each part of a multipart upload (5MB to 5GB).");

  static final List<ConfigOption<?>> OPTIONS =
      List.of(
          URI_OPTION,
          S3_REGION,
          S3_ENDPOINT,
          S3_PATH_STYLE,
          S3_ACCESS_KEY,
          S3_SECRET_KEY,
          S3_MULTIPART_THRESHOLD,
          S3_PART_SIZE);

  public StorageConfig {
    requireNonNull(uri, "uri is null");
    if ("file".equals(uri.getScheme())) {
      if (uri.getPath() == null || !uri.getPath().startsWith("/")) {
        throw new IllegalArgumentException("a file: storage URI must be absolute: " + uri);
      }
    } else if (!"s3".equals(uri.getScheme())) {
      throw new IllegalArgumentException("storage URI must be file: or s3: " + uri);
    }
  }

  /** Local folder storage for an absolute or relative path. */
  public static StorageConfig local(Path folder) {
    return new StorageConfig(
        fileUri(folder.toAbsolutePath().normalize()),
        "us-east-1",
        "",
        false,
        Secret.of(""),
        Secret.of(""),
        DataSize.parse("64MB"),
        DataSize.parse("16MB"));
  }

  public boolean isLocal() {
    return "file".equals(uri.getScheme());
  }

  /**
   * The local folder of {@code file:} storage.
   *
   * @throws IllegalStateException when the storage is not local
   */
  public Path localFolder() {
    if (!isLocal()) {
      throw new IllegalStateException("storage is not a local folder: " + uri);
    }
    return Path.of(uri);
  }

  static StorageConfig from(OptionValues values) {
    return new StorageConfig(
        values.get(URI_OPTION),
        values.get(S3_REGION),
        values.get(S3_ENDPOINT),
        values.get(S3_PATH_STYLE),
        values.get(S3_ACCESS_KEY),
        values.get(S3_SECRET_KEY),
        values.get(S3_MULTIPART_THRESHOLD),
        values.get(S3_PART_SIZE));
  }

  /** Problems that need more than one key. */
  List<Map.Entry<String, String>> crossChecks() {
    if (s3AccessKey.isEmpty() != s3SecretKey.isEmpty()) {
      return List.of(
          Map.entry(
              S3_SECRET_KEY.key(),
              "access-key and secret-key go together (set both, or neither for the default chain)"));
    }
    return List.of();
  }

  List<Map.Entry<String, String>> settings() {
    if (isLocal()) {
      return List.of(URI_OPTION.show(uri));
    }
    return List.of(
        URI_OPTION.show(uri),
        S3_REGION.show(s3Region),
        S3_ENDPOINT.show(s3Endpoint),
        S3_PATH_STYLE.show(s3PathStyleAccess),
        S3_ACCESS_KEY.show(s3AccessKey),
        S3_SECRET_KEY.show(s3SecretKey),
        S3_MULTIPART_THRESHOLD.show(s3MultipartThreshold),
        S3_PART_SIZE.show(s3MultipartPartSize));
  }

  private static URI parseUri(String text, ValueContext context) {
    String uri = text.strip();
    if (uri.startsWith("file:")) {
      String path = uri.substring("file:".length());
      if (path.isEmpty()) {
        throw new IllegalArgumentException("'" + uri + "' has no folder (write e.g. file:./lake)");
      }
      try {
        return fileUri(path.startsWith("//") ? Path.of(new URI(uri)) : context.resolve(path));
      } catch (URISyntaxException | IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "'" + uri + "' is not a valid file URI (write file:./lake or file:/absolute/folder)",
            e);
      }
    }
    if (uri.startsWith("s3://")) {
      if (uri.length() == "s3://".length() || uri.startsWith("s3:///")) {
        throw new IllegalArgumentException(
            "'" + uri + "' has no bucket (write s3://bucket/prefix)");
      }
      try {
        return new URI(uri);
      } catch (URISyntaxException e) {
        throw new IllegalArgumentException(
            "'" + uri + "' is not a valid S3 URI (write s3://bucket/prefix)", e);
      }
    }
    if (uri.matches("[a-zA-Z][a-zA-Z0-9+.-]*:.*")) {
      throw new IllegalArgumentException(
          "'" + uri + "' has an unknown scheme (use file:<folder> or s3://bucket/prefix)");
    }
    throw new IllegalArgumentException(
        "'" + uri + "' is not a storage URI (write file:" + uri + " for a local folder)");
  }

  private static URI fileUri(Path absolute) {
    try {
      return new URI("file", null, absolute.toString(), null);
    } catch (URISyntaxException | InvalidPathException e) {
      throw new IllegalArgumentException("cannot make a file URI of " + absolute, e);
    }
  }
}
