package dev.binlake.storage.s3;

import dev.binlake.api.BinlakeException;
import dev.binlake.api.ErrorCode;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;

/** Turns AWS SDK exceptions into {@link BinlakeException}s that say what to check. */
final class S3Failures {
  private static final Set<String> ACCESS_ERRORS =
      Set.of(
          "AccessDenied",
          "InvalidAccessKeyId",
          "SignatureDoesNotMatch",
          "ExpiredToken",
          "InvalidToken",
          "AllAccessDisabled");

  /** How {@link S3ObjectStore#requireBucket()} phrases its action; a 404 there is the bucket's. */
  static final String CHECK_BUCKET = "use bucket ";

  private final S3Settings settings;

  S3Failures(S3Settings settings) {
    this.settings = settings;
  }

  /**
   * "Cannot {@code action} at endpoint: why (what to check)"; {@code action} names the object, as
   * in {@code read cdc/x.parquet from s3://lake/cdc/}.
   */
  BinlakeException of(SdkException e, String action) {
    String what = String.format("Cannot %s at %s", action, settings.where());
    if (e instanceof NoSuchBucketException
        || "NoSuchBucket".equals(errorCode(e))
        || (action.startsWith(CHECK_BUCKET) && isNotFound(e))) {
      return new BinlakeException(
          ErrorCode.STORAGE_FAILED,
          e,
          "%s: bucket '%s' does not exist (check storage.uri and storage.s3.endpoint, and create"
              + " the bucket)",
          what,
          settings.bucket());
    }
    if (e instanceof AwsServiceException service) {
      int status = service.statusCode();
      String code = errorCode(e);
      if (status == 403 || ACCESS_ERRORS.contains(code)) {
        return new BinlakeException(
            ErrorCode.STORAGE_FAILED,
            e,
            "%s: access denied (%s, HTTP %d) (check the credentials: storage.s3.access-key and"
                + " secret-key, or the AWS default credentials chain; and that they may use the"
                + " bucket)",
            what,
            code == null ? "no error code" : code,
            status);
      }
      return new BinlakeException(
          ErrorCode.STORAGE_FAILED,
          e,
          "%s: HTTP %d %s: %s (check storage.s3.endpoint, storage.s3.region and"
              + " storage.s3.path-style-access; the request was retried %d times)",
          what,
          status,
          code == null ? "" : code,
          service.awsErrorDetails() == null
              ? e.getMessage()
              : service.awsErrorDetails().errorMessage(),
          S3ObjectStore.MAX_ATTEMPTS - 1);
    }
    if (e instanceof SdkClientException
        && e.getMessage() != null
        && e.getMessage().contains("credentials")) {
      return new BinlakeException(
          ErrorCode.STORAGE_FAILED,
          e,
          "%s: no AWS credentials found (set storage.s3.access-key and secret-key, or"
              + " AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, a profile or a role)",
          what);
    }
    return new BinlakeException(
        ErrorCode.STORAGE_FAILED,
        e,
        "%s: %s (check storage.s3.endpoint / region / credentials and that the bucket exists;"
            + " the request was retried)",
        what,
        rootMessage(e));
  }

  static boolean isNotFound(SdkException e) {
    return e instanceof AwsServiceException service && service.statusCode() == 404;
  }

  /** S3 quotes etags in headers and listings; binlake's etags are bare. */
  static String unquote(String etag) {
    if (etag == null) {
      return "";
    }
    String bare = etag;
    if (bare.startsWith("W/")) {
      bare = bare.substring(2);
    }
    if (bare.length() >= 2 && bare.startsWith("\"") && bare.endsWith("\"")) {
      bare = bare.substring(1, bare.length() - 1);
    }
    return bare;
  }

  private static String errorCode(SdkException e) {
    if (e instanceof AwsServiceException service && service.awsErrorDetails() != null) {
      return service.awsErrorDetails().errorCode();
    }
    return null;
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = e.getMessage();
    if (root != e && root.getMessage() != null && !message.contains(root.getMessage())) {
      message = message + ": " + root.getMessage();
    }
    return message;
  }
}
