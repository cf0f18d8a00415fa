package dev.binlake.storage.s3;

import static java.util.Objects.requireNonNull;

/**
 * A static access key pair, for S3-compatible servers and tests. Without one the store uses the AWS
 * SDK's default credentials chain (environment, profile, container or instance role). {@link
 * #toString()} never shows the secret.
 */
public record S3Credentials(String accessKeyId, String secretAccessKey) {
  public S3Credentials {
    requireNonNull(accessKeyId, "accessKeyId is null");
    requireNonNull(secretAccessKey, "secretAccessKey is null");
    if (accessKeyId.isBlank() || secretAccessKey.isBlank()) {
      throw new IllegalArgumentException("access key id and secret access key must not be blank");
    }
  }

  @Override
  public String toString() {
    return "S3Credentials[accessKeyId=" + accessKeyId + ", secretAccessKey=***]";
  }
}
