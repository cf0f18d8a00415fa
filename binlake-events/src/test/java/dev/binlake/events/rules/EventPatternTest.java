package dev.binlake.events.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.binlake.api.BinlakeException;
import dev.binlake.api.ErrorCode;
import dev.binlake.api.EventRule;
import dev.binlake.api.ObjectCreated;
import java.io.InputStream;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Semantics from EventBridge's "Event patterns" and "Comparison operators" user-guide pages. */
class EventPatternTest {
  private static final ObjectMapper mapper = new ObjectMapper();

  @Test
  void exactValuesAreAlternatives() {
    EventPattern pattern =
        EventPattern.parse(
            "{\"source\":[\"aws.s3\"],\"detail\":{\"bucket\":{\"name\":[\"a\",\"lake\"]}}}");

    assertThat(pattern.matches(event("lake", "k"))).isTrue();
    assertThat(pattern.matches(event("a", "k"))).isTrue();
    assertThat(pattern.matches(event("Lake", "k"))).isFalse(); // case-sensitive
    assertThat(pattern.matches(event("lakehouse", "k"))).isFalse();
  }

  @Test
  void everyFieldMustMatch() {
    EventPattern pattern =
        EventPattern.parse(
            "{\"source\":[\"aws.s3\"],\"detail-type\":[\"Object Deleted\"],"
                + "\"detail\":{\"bucket\":{\"name\":[\"lake\"]}}}");

    assertThat(pattern.matches(event("lake", "k"))).isFalse();
  }

  @Test
  void prefixMatchesTheStartOfTheKey() {
    EventPattern pattern =
        EventPattern.parse("{\"detail\":{\"object\":{\"key\":[{\"prefix\":\"cdc/shop/\"}]}}}");

    assertThat(pattern.matches(event("lake", "cdc/shop/orders/1.parquet"))).isTrue();
    assertThat(pattern.matches(event("lake", "cdc/shopping/1.parquet"))).isFalse();
    assertThat(pattern.matches(event("lake", "CDC/shop/1.parquet"))).isFalse();
  }

  @Test
  void prefixAndExactValuesMixAsAlternatives() {
    EventPattern pattern =
        EventPattern.parse(
            "{\"detail\":{\"object\":{\"key\":"
                + "[{\"prefix\":\"a/\"},\"b/exact\",{\"suffix\":\".csv\"}]}}}");

    assertThat(pattern.matches(event("lake", "a/1"))).isTrue();
    assertThat(pattern.matches(event("lake", "b/exact"))).isTrue();
    assertThat(pattern.matches(event("lake", "c/x.csv"))).isTrue();
    assertThat(pattern.matches(event("lake", "b/exact2"))).isFalse();
  }

  @Test
  void anythingButASingleValue() {
    EventPattern pattern =
        EventPattern.parse("{\"detail\":{\"bucket\":{\"name\":[{\"anything-but\":\"scratch\"}]}}}");

    assertThat(pattern.matches(event("lake", "k"))).isTrue();
    assertThat(pattern.matches(event("scratch", "k"))).isFalse();
  }

  @Test
  void anythingButAList() {
    EventPattern pattern =
        EventPattern.parse(
            "{\"detail\":{\"object\":{\"key\":[{\"anything-but\":[\"a\",\"b\"]}]}}}");

    assertThat(pattern.matches(event("lake", "a"))).isFalse();
    assertThat(pattern.matches(event("lake", "b"))).isFalse();
    assertThat(pattern.matches(event("lake", "c"))).isTrue();
  }

  @Test
  void anythingButAPrefix() {
    EventPattern pattern =
        EventPattern.parse(
            "{\"detail\":{\"object\":{\"key\":[{\"anything-but\":{\"prefix\":\"tmp/\"}}]}}}");

    assertThat(pattern.matches(event("lake", "tmp/1.parquet"))).isFalse();
    assertThat(pattern.matches(event("lake", "cdc/tmp/1.parquet"))).isTrue();
  }

  @Test
  void anythingButAndPrefixOnDifferentFieldsCombine() {
    EventPattern pattern =
        EventPattern.parse(
            "{\"source\":[\"aws.s3\"],\"detail-type\":[\"Object Created\"],"
                + "\"detail\":{\"bucket\":{\"name\":[{\"anything-but\":[\"scratch\"]}]},"
                + "\"object\":{\"key\":[{\"prefix\":\"cdc/\"}]}}}");

    assertThat(pattern.matches(event("lake", "cdc/1"))).isTrue();
    assertThat(pattern.matches(event("scratch", "cdc/1"))).isFalse();
    assertThat(pattern.matches(event("lake", "full/1"))).isFalse();
  }

  @Test
  void missingFieldMatchesOnlyExistsFalse() {
    assertThat(
            EventPattern.parse("{\"detail\":{\"nope\":[{\"anything-but\":\"x\"}]}}")
                .matches(sample()))
        .isFalse();
    assertThat(EventPattern.parse("{\"detail\":{\"nope\":[{\"prefix\":\"\"}]}}").matches(sample()))
        .isFalse();
    assertThat(EventPattern.parse("{\"detail\":{\"nope\":[{\"exists\":false}]}}").matches(sample()))
        .isTrue();
    assertThat(
            EventPattern.parse("{\"detail\":{\"reason\":[{\"exists\":false}]}}").matches(sample()))
        .isFalse();
    assertThat(
            EventPattern.parse("{\"detail\":{\"reason\":[{\"exists\":true}]}}").matches(sample()))
        .isTrue();
  }

  @Test
  void arrayValuesInTheEventMatchIfAnyElementMatches() {
    EventPattern pattern =
        EventPattern.parse("{\"resources\":[\"arn:aws:s3:::amzn-s3-demo-bucket1\"]}");

    assertThat(pattern.matches(sample())).isTrue();
    assertThat(EventPattern.parse("{\"resources\":[\"arn:aws:s3:::other\"]}").matches(sample()))
        .isFalse();
  }

  @Test
  void numbersCompareByValue() {
    assertThat(EventPattern.parse("{\"detail\":{\"object\":{\"size\":[5.0]}}}").matches(sample()))
        .isTrue();
    assertThat(
            EventPattern.parse("{\"detail\":{\"object\":{\"size\":[{\"anything-but\":[5]}]}}}")
                .matches(sample()))
        .isFalse();
    assertThat(EventPattern.parse("{\"detail\":{\"object\":{\"size\":[\"5\"]}}}").matches(sample()))
        .isFalse();
  }

  @Test
  void matchesTheDocumentedAwsSampleEvent() {
    EventPattern pattern =
        EventPattern.parse(
            "{\"source\":[\"aws.s3\"],\"detail-type\":[\"Object Created\"],"
                + "\"detail\":{\"bucket\":{\"name\":[\"amzn-s3-demo-bucket1\"]},"
                + "\"object\":{\"key\":[{\"prefix\":\"example\"}]}}}");

    assertThat(pattern.matches(sample())).isTrue();
  }

  @Test
  void eventRuleConvertsToAnEquivalentPattern() {
    EventRule rule = EventRule.objectCreated("lake", "cdc/shop/");
    EventPattern pattern = EventPattern.of(rule);

    assertThat(pattern.toJson())
        .isEqualTo(
            "{\"source\":[\"aws.s3\"],\"detail-type\":[\"Object Created\"],\"detail\":{\"bucket\":"
                + "{\"name\":[\"lake\"]},\"object\":{\"key\":[{\"prefix\":\"cdc/shop/\"}]}}}");
    assertThat(EventPattern.parse(pattern.toJson())).isEqualTo(pattern);
    for (ObjectCreated event :
        new ObjectCreated[] {
          event("lake", "cdc/shop/1"), event("lake", "cdc/shops"), event("other", "cdc/shop/1")
        }) {
      assertThat(pattern.matches(event))
          .as(event.bucket() + "/" + event.key())
          .isEqualTo(rule.matches(ObjectCreated.SOURCE, ObjectCreated.DETAIL_TYPE, event));
    }
    assertThat(EventPattern.objectCreated("lake", "").matches(event("lake", "anything"))).isTrue();
  }

  @Test
  void rejectsAValueOutsideAnArray() {
    assertThatThrownBy(() -> EventPattern.parse("{\"source\":\"aws.s3\"}"))
        .isInstanceOf(BinlakeException.class)
        .hasMessage(
            "Cannot use event pattern at source: values to match go in an array, like"
                + " [\"aws.s3\"], not \"aws.s3\" (supported: exact values, prefix, suffix, exists,"
                + " anything-but with a value, a list or a prefix)")
        .extracting(e -> ((BinlakeException) e).code())
        .isEqualTo(ErrorCode.CONFIG_INVALID);
  }

  @Test
  void rejectsUnsupportedOperators() {
    assertThatThrownBy(
            () ->
                EventPattern.parse(
                    "{\"detail\":{\"object\":{\"size\":[{\"numeric\":[\">\",0]}]}}}"))
        .isInstanceOf(BinlakeException.class)
        .hasMessageStartingWith(
            "Cannot use event pattern at detail.object.size: unsupported operator 'numeric'");
    assertThatThrownBy(
            () ->
                EventPattern.parse(
                    "{\"detail\":{\"object\":{\"key\":[{\"anything-but\":{\"suffix\":\"x\"}}]}}}"))
        .hasMessageStartingWith(
            "Cannot use event pattern at detail.object.key: anything-but takes a value, a list or"
                + " {\"prefix\": …}, not {\"suffix\":\"x\"}");
    assertThatThrownBy(() -> EventPattern.parse("{\"detail\":{\"object\":{\"key\":[]}}}"))
        .hasMessageStartingWith(
            "Cannot use event pattern at detail.object.key: an empty array matches nothing");
    assertThatThrownBy(() -> EventPattern.parse("[1]"))
        .hasMessageStartingWith("Cannot use event pattern: a pattern is a non-empty JSON object");
    assertThatThrownBy(() -> EventPattern.parse("{\"source\":[{\"prefix\":1}]}"))
        .hasMessageStartingWith("Cannot use event pattern at source: prefix takes a string, not 1");
  }

  private static JsonNode sample() {
    try (InputStream in =
        EventPatternTest.class.getResourceAsStream("/events/aws-sample-object-created.json")) {
      return mapper.readTree(in);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static ObjectCreated event(String bucket, String key) {
    return new ObjectCreated(
        "id-" + key,
        Instant.parse("2024-05-01T12:00:00Z"),
        "local",
        bucket,
        key,
        1,
        "etag",
        "0000000000000001",
        "PutObject");
  }
}
