package dev.binlake.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.binlake.api.BinlakeException;
import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class S3SettingsTest {
  @Test
  void fromUriSplitsBucketAndPrefixWithAwsDefaults() {
    S3Settings settings = S3Settings.fromUri("s3://my-lake/cdc/prod", "eu-west-1");

    assertThat(settings.bucket()).isEqualTo("my-lake");
    assertThat(settings.prefix()).isEqualTo("cdc/prod/");
    assertThat(settings.region()).isEqualTo("eu-west-1");
    assertThat(settings.endpoint()).isEmpty();
    assertThat(settings.pathStyle()).isFalse();
    assertThat(settings.credentials()).isEmpty();
    assertThat(settings.multipartThreshold()).isEqualTo(64 * S3Settings.MIB);
    assertThat(settings.partSize()).isEqualTo(16 * S3Settings.MIB);
    assertThat(settings.uri()).isEqualTo("s3://my-lake/cdc/prod/");
  }

  @Test
  void prefixIsEmptyOrEndsInOneSlash() {
    assertThat(S3Settings.fromUri("s3://lake", "us-east-1").prefix()).isEmpty();
    assertThat(S3Settings.fromUri("s3://lake/", "us-east-1").prefix()).isEmpty();
    assertThat(S3Settings.fromUri("s3://lake/cdc//", "us-east-1").prefix()).isEqualTo("cdc/");
  }

  @Test
  void withersChangeOneThing() {
    S3Settings settings =
        S3Settings.fromUri("s3://lake/cdc", "us-east-1")
            .withEndpoint(URI.create("http://127.0.0.1:9000"))
            .withPathStyleAccess()
            .withCredentials(new S3Credentials("id", "secret"))
            .withMultipart(S3Settings.MIB, 8 * S3Settings.MIB);

    assertThat(settings)
        .isEqualTo(
            new S3Settings(
                "lake",
                "cdc/",
                Optional.of(URI.create("http://127.0.0.1:9000")),
                "us-east-1",
                true,
                Optional.of(new S3Credentials("id", "secret")),
                S3Settings.MIB,
                8 * S3Settings.MIB));
  }

  @Test
  void credentialsNeverShowTheSecret() {
    assertThat(new S3Credentials("AKIAEXAMPLE", "very-secret").toString())
        .isEqualTo("S3Credentials[accessKeyId=AKIAEXAMPLE, secretAccessKey=***]")
        .doesNotContain("very-secret");
  }

  @Test
  void rejectsWhatS3WouldRejectWithTheKeyToFix() {
    assertThatThrownBy(() -> S3Settings.fromUri("file:./lake", "us-east-1"))
        .isInstanceOf(BinlakeException.class)
        .hasMessage(
            "Cannot use storage.uri 'file:./lake' for S3: it must look like s3://bucket or"
                + " s3://bucket/prefix");
    assertThatThrownBy(() -> S3Settings.fromUri("s3://My_Lake", "us-east-1"))
        .hasMessage(
            "Cannot use S3 bucket 'My_Lake': not a valid bucket name (use 3-63 lowercase letters,"
                + " digits, dots and hyphens)");
    assertThatThrownBy(() -> S3Settings.fromUri("s3://lake", " "))
        .hasMessage(
            "Cannot use S3 bucket 'lake': no region given (set storage.s3.region, e.g. eu-west-1;"
                + " S3-compatible servers accept any, e.g. us-east-1)");
    assertThatThrownBy(
            () -> S3Settings.fromUri("s3://lake", "us-east-1").withMultipart(1, S3Settings.MIB))
        .hasMessage(
            "Cannot use S3 part size 1048576 bytes: S3 parts are 5 MiB to 5 GiB (set"
                + " storage.s3.multipart-part-size within that range)");
    assertThatThrownBy(
            () -> S3Settings.fromUri("s3://lake", "us-east-1").withEndpoint(URI.create("ftp://x")))
        .hasMessage(
            "Cannot use S3 endpoint 'ftp://x': it must be an http:// or https:// URL with a host"
                + " (set storage.s3.endpoint, e.g. http://127.0.0.1:9000)");
    assertThatThrownBy(() -> S3Settings.fromUri("s3://lake/a/../b", "us-east-1"))
        .hasMessage(
            "Cannot list objects under prefix 'a/../b/': it has a '..' segment (use a relative"
                + " prefix like cdc/shop/)");
  }

  @Test
  void partSizeGrowsSoThatAFileNeedsAtMostTenThousandParts() {
    assertThat(MultipartUpload.partSize(16 * S3Settings.MIB, 100 * S3Settings.MIB))
        .isEqualTo(16 * S3Settings.MIB);
    long huge = 500L * 1024 * S3Settings.MIB; // 500 GiB
    long part = MultipartUpload.partSize(16 * S3Settings.MIB, huge);
    assertThat(part).isGreaterThan(16 * S3Settings.MIB);
    assertThat((huge + part - 1) / part).isLessThanOrEqualTo(10_000);
  }
}
