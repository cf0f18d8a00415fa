package dev.binlake.storage.s3;

import static java.util.Objects.requireNonNull;

import dev.binlake.api.BinlakeException;
import dev.binlake.api.ErrorCode;
import dev.binlake.storage.ObjectKeys;
import java.net.URI;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where and how {@link S3ObjectStore} reaches its bucket.
 *
 * @param bucket the bucket name
 * @param prefix the key prefix binlake writes under and loads from: {@code ""} or ending in {@code
 *     /} (a missing trailing slash is added). Keys passed to the store are whole S3 keys; see
 *     {@link S3ObjectStore}.
 * @param endpoint an endpoint override for S3-compatible servers (MinIO, S3Proxy, Ceph); empty for
 *     AWS S3
 * @param region the signing region, e.g. {@code eu-west-1} (any value for most S3-compatible
 *     servers)
 * @param pathStyle {@code http://host/bucket/key} instead of {@code http://bucket.host/key}; most
 *     S3-compatible servers need it
 * @param credentials static keys; empty for the AWS SDK's default credentials chain
 * @param multipartThreshold files larger than this many bytes are uploaded in parts
 * @param partSize bytes per part, 5 MiB to 5 GiB (raised automatically so that a file needs at most
 *     10,000 parts)
 */
public record S3Settings(
    String bucket,
    String prefix,
    Optional<URI> endpoint,
    String region,
    boolean pathStyle,
    Optional<S3Credentials> credentials,
    long multipartThreshold,
    long partSize) {
  public static final long MIB = 1024L * 1024;

  /** S3's smallest part (all but the last). */
  public static final long MIN_PART_SIZE = 5 * MIB;

  public static final long MAX_PART_SIZE = 5 * 1024 * MIB;
  public static final long DEFAULT_MULTIPART_THRESHOLD = 64 * MIB;
  public static final long DEFAULT_PART_SIZE = 16 * MIB;

  /** S3's rules for bucket names, loosened to what S3-compatible servers accept (also dots). */
  private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.\\-_]{1,61}[a-z0-9]");

  public S3Settings {
    requireNonNull(bucket, "bucket is null");
    requireNonNull(prefix, "prefix is null");
    requireNonNull(endpoint, "endpoint is null");
    requireNonNull(region, "region is null");
    requireNonNull(credentials, "credentials is null");
    if (!BUCKET.matcher(bucket).matches()) {
      throw invalid(
          "Cannot use S3 bucket '%s': not a valid bucket name (use 3-63 lowercase letters, digits,"
              + " dots and hyphens)",
          bucket);
    }
    prefix = normalizePrefix(prefix);
    if (region.isBlank()) {
      throw invalid(
          "Cannot use S3 bucket '%s': no region given (set storage.s3.region, e.g. eu-west-1;"
              + " S3-compatible servers accept any, e.g. us-east-1)",
          bucket);
    }
    endpoint.ifPresent(S3Settings::checkEndpoint);
    if (partSize < MIN_PART_SIZE || partSize > MAX_PART_SIZE) {
      throw invalid(
          "Cannot use S3 part size %d bytes: S3 parts are 5 MiB to 5 GiB (set"
              + " storage.s3.multipart-part-size within that range)",
          partSize);
    }
    if (multipartThreshold < 1) {
      throw invalid(
          "Cannot use S3 multipart threshold %d bytes: it must be positive (set"
              + " storage.s3.multipart-threshold, e.g. 64MB)",
          multipartThreshold);
    }
  }

  /**
   * Settings for {@code s3://bucket} or {@code s3://bucket/prefix} on AWS S3 in {@code region}:
   * virtual-hosted-style access, the default credentials chain, multipart above {@value
   * #DEFAULT_MULTIPART_THRESHOLD} bytes in parts of {@value #DEFAULT_PART_SIZE} bytes.
   */
  public static S3Settings fromUri(String uri, String region) {
    requireNonNull(uri, "uri is null");
    if (!uri.startsWith("s3://") || uri.length() == "s3://".length()) {
      throw invalid(
          "Cannot use storage.uri '%s' for S3: it must look like s3://bucket or s3://bucket/prefix",
          uri);
    }
    String rest = uri.substring("s3://".length());
    int slash = rest.indexOf('/');
    String bucket = slash < 0 ? rest : rest.substring(0, slash);
    String prefix = slash < 0 ? "" : rest.substring(slash + 1);
    return new S3Settings(
        bucket,
        prefix,
        Optional.empty(),
        region,
        false,
        Optional.empty(),
        DEFAULT_MULTIPART_THRESHOLD,
        DEFAULT_PART_SIZE);
  }

  /** The same settings against an S3-compatible server at {@code endpoint}. */
  public S3Settings withEndpoint(URI endpoint) {
    return new S3Settings(
        bucket,
        prefix,
        Optional.of(endpoint),
        region,
        pathStyle,
        credentials,
        multipartThreshold,
        partSize);
  }

  /** The same settings with path-style access ({@code http://host/bucket/key}). */
  public S3Settings withPathStyleAccess() {
    return new S3Settings(
        bucket, prefix, endpoint, region, true, credentials, multipartThreshold, partSize);
  }

  /** The same settings with static keys instead of the default credentials chain. */
  public S3Settings withCredentials(S3Credentials credentials) {
    return new S3Settings(
        bucket,
        prefix,
        endpoint,
        region,
        pathStyle,
        Optional.of(credentials),
        multipartThreshold,
        partSize);
  }

  /** The same settings with other multipart sizes (bytes). */
  public S3Settings withMultipart(long threshold, long partSize) {
    return new S3Settings(
        bucket, prefix, endpoint, region, pathStyle, credentials, threshold, partSize);
  }

  /** {@code s3://bucket/prefix}, as users write it. */
  public String uri() {
    return "s3://" + bucket + "/" + prefix;
  }

  /** Where requests go, for messages: the endpoint override or AWS S3's regional endpoint. */
  String where() {
    return endpoint.map(URI::toString).orElse("AWS S3 in " + region);
  }

  private static String normalizePrefix(String prefix) {
    String trimmed = prefix;
    while (trimmed.endsWith("/")) {
      trimmed = trimmed.substring(0, trimmed.length() - 1);
    }
    if (trimmed.isEmpty()) {
      return "";
    }
    ObjectKeys.requireValidPrefix(trimmed + "/");
    return trimmed + "/";
  }

  private static void checkEndpoint(URI endpoint) {
    String scheme = endpoint.getScheme();
    if (!("http".equals(scheme) || "https".equals(scheme)) || endpoint.getHost() == null) {
      throw invalid(
          "Cannot use S3 endpoint '%s': it must be an http:// or https:// URL with a host (set"
              + " storage.s3.endpoint, e.g. http://127.0.0.1:9000)",
          endpoint);
    }
  }

  private static BinlakeException invalid(String format, Object... args) {
    return new BinlakeException(ErrorCode.CONFIG_INVALID, format, args);
  }
}
