package dev.binlake.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.binlake.api.BinlakeException;
import dev.binlake.api.ErrorCode;
import dev.binlake.api.ObjectCreated;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ObjectCreatedJsonTest {
  private static final ObjectMapper mapper = new ObjectMapper();
  private static final ObjectCreated EVENT =
      new ObjectCreated(
          "9d1f0c36-0b59-4b34-8a8b-3d1e6a0b7c11",
          Instant.parse("2024-05-01T12:00:07Z"),
          "eu-west-1",
          "lake",
          "cdc/shop/orders/20240501-120000000.parquet",
          123_456,
          "5d41402abc4b2a76b9719d911017c592",
          "0006178A2F3C9D01",
          "PutObject");

  @Test
  void readsAwsSampleEvent() throws Exception {
    ObjectCreated event = ObjectCreatedJson.read(sample());

    assertThat(event)
        .isEqualTo(
            new ObjectCreated(
                "17793124-05d4-b198-2fde-7ededc63b103",
                Instant.parse("2021-11-12T00:00:00Z"),
                "ca-central-1",
                "amzn-s3-demo-bucket1",
                "example-key",
                5,
                "b1946ac92492d2347c6235b4d2611184",
                "617f08299329d189",
                "PutObject"));
  }

  @Test
  void writesEveryFieldAwsSends() throws Exception {
    JsonNode written =
        mapper.readTree(new ObjectCreatedJson("111122223333", "123456789012").write(EVENT));

    JsonNode expected =
        mapper.readTree(
            "{\"version\":\"0\",\"id\":\"9d1f0c36-0b59-4b34-8a8b-3d1e6a0b7c11\","
                + "\"detail-type\":\"Object Created\",\"source\":\"aws.s3\","
                + "\"account\":\"111122223333\",\"time\":\"2024-05-01T12:00:07Z\","
                + "\"region\":\"eu-west-1\",\"resources\":[\"arn:aws:s3:::lake\"],"
                + "\"detail\":{\"version\":\"0\",\"bucket\":{\"name\":\"lake\"},"
                + "\"object\":{\"key\":\"cdc/shop/orders/20240501-120000000.parquet\","
                + "\"size\":123456,\"etag\":\"5d41402abc4b2a76b9719d911017c592\","
                + "\"sequencer\":\"0006178A2F3C9D01\"},"
                + "\"request-id\":\"9D1F0C360B594B34\",\"requester\":\"123456789012\","
                + "\"reason\":\"PutObject\"}}");
    assertThat(written).isEqualTo(expected);
  }

  @Test
  void writesTheSameFieldNamesAsTheAwsSample() throws Exception {
    JsonNode sample = mapper.readTree(sample());
    JsonNode written = mapper.readTree(new ObjectCreatedJson().write(EVENT));

    assertThat(fieldNames(written)).isSubsetOf(fieldNames(sample));
    assertThat(fieldNames(written.get("detail")))
        .containsExactlyInAnyOrder(
            "version", "bucket", "object", "request-id", "requester", "reason");
    assertThat(fieldNames(written.get("detail").get("object")))
        .containsExactlyInAnyOrder("key", "size", "etag", "sequencer");
  }

  @Test
  void roundTrips() {
    assertThat(ObjectCreatedJson.read(new ObjectCreatedJson().write(EVENT))).isEqualTo(EVENT);
  }

  @Test
  void writesTimeInWholeSecondsLikeEventBridge() throws Exception {
    ObjectCreated precise =
        new ObjectCreated(
            EVENT.id(),
            Instant.parse("2024-05-01T12:00:07.987654Z"),
            EVENT.region(),
            EVENT.bucket(),
            EVENT.key(),
            EVENT.size(),
            EVENT.etag(),
            EVENT.sequencer(),
            EVENT.reason());

    JsonNode written = mapper.readTree(new ObjectCreatedJson().write(precise));

    assertThat(written.get("time").asText()).isEqualTo("2024-05-01T12:00:07Z");
  }

  @Test
  void keepsKeysAsTheyAre() {
    ObjectCreated odd =
        new ObjectCreated(
            EVENT.id(),
            EVENT.time(),
            EVENT.region(),
            EVENT.bucket(),
            "cdc/shop/ördérs €/a b+c:d.parquet",
            1,
            EVENT.etag(),
            EVENT.sequencer(),
            EVENT.reason());

    assertThat(ObjectCreatedJson.read(new ObjectCreatedJson().write(odd)).key())
        .isEqualTo("cdc/shop/ördérs €/a b+c:d.parquet");
  }

  @Test
  void ignoresUnknownFields() throws Exception {
    ObjectNode tree = (ObjectNode) mapper.readTree(sample());
    tree.put("replay-name", "replay-1");
    ((ObjectNode) tree.get("detail")).putObject("something-new").put("x", 1);

    assertThat(ObjectCreatedJson.read(tree.toString()).key()).isEqualTo("example-key");
  }

  @Test
  void missingRequiredFieldIsNamed() throws Exception {
    ObjectNode tree = (ObjectNode) mapper.readTree(sample());
    ((ObjectNode) tree.get("detail").get("object")).remove("key");

    assertThatThrownBy(() -> ObjectCreatedJson.read(tree.toString()))
        .isInstanceOf(BinlakeException.class)
        .hasMessage(
            "Cannot read Object Created event: missing field detail.object.key (expected Amazon"
                + " EventBridge's S3 \"Object Created\" JSON; see ObjectCreatedJson)")
        .extracting(e -> ((BinlakeException) e).code())
        .isEqualTo(ErrorCode.LOAD_FAILED);
  }

  @Test
  void missingDetailIsNamed() throws Exception {
    ObjectNode tree = (ObjectNode) mapper.readTree(sample());
    tree.remove("detail");

    assertThatThrownBy(() -> ObjectCreatedJson.read(tree.toString()))
        .hasMessageStartingWith("Cannot read Object Created event: missing field detail (");
  }

  @Test
  void wrongTypesAreNamed() throws Exception {
    ObjectNode tree = (ObjectNode) mapper.readTree(sample());
    ((ObjectNode) tree.get("detail").get("object")).put("size", "five");

    assertThatThrownBy(() -> ObjectCreatedJson.read(tree.toString()))
        .hasMessageStartingWith(
            "Cannot read Object Created event: detail.object.size is not a number (");

    ObjectNode badTime = (ObjectNode) mapper.readTree(sample());
    badTime.put("time", "yesterday");
    assertThatThrownBy(() -> ObjectCreatedJson.read(badTime.toString()))
        .hasMessageStartingWith(
            "Cannot read Object Created event: time 'yesterday' is not an ISO-8601 instant");
  }

  @Test
  void otherEventTypesAreRejected() throws Exception {
    ObjectNode tree = (ObjectNode) mapper.readTree(sample());
    tree.put("detail-type", "Object Deleted");

    assertThatThrownBy(() -> ObjectCreatedJson.read(tree.toString()))
        .hasMessageStartingWith(
            "Cannot read Object Created event: it has source 'aws.s3' and detail-type 'Object"
                + " Deleted', not 'aws.s3' and 'Object Created' (");
  }

  @Test
  void notJsonIsRejected() {
    assertThatThrownBy(() -> ObjectCreatedJson.read("{not json"))
        .isInstanceOf(BinlakeException.class)
        .hasMessageStartingWith("Cannot read Object Created event: it is not JSON: ");
    assertThatThrownBy(() -> ObjectCreatedJson.read("[1,2]"))
        .hasMessageStartingWith("Cannot read Object Created event: it is not a JSON object (");
  }

  @Test
  void readsFromStream() throws Exception {
    InputStream in = new ByteArrayInputStream(sample().getBytes(StandardCharsets.UTF_8));

    assertThat(ObjectCreatedJson.read(in).bucket()).isEqualTo("amzn-s3-demo-bucket1");
  }

  private static java.util.List<String> fieldNames(JsonNode node) {
    java.util.List<String> names = new java.util.ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static String sample() throws Exception {
    try (InputStream in =
        ObjectCreatedJsonTest.class.getResourceAsStream("/events/aws-sample-object-created.json")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
