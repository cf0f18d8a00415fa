package dev.binlake.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.binlake.api.BinlakeException;
import dev.binlake.api.ObjectCreated;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class S3EventsTest {
  @Test
  void readsEventBridgeObjectCreated() {
    List<ObjectCreated> objects =
        S3Events.read(EventSamples.eventBridge("lake", "cdc/shop/orders/LOAD00000001.parquet", 42));

    assertThat(objects)
        .containsExactly(
            new ObjectCreated(
                "17793124-05d4-b198-2fde-7ededc63b103",
                Instant.parse("2021-11-12T00:00:00Z"),
                "ca-central-1",
                "lake",
                "cdc/shop/orders/LOAD00000001.parquet",
                42,
                "b1946ac92492d2347c6235b4d2611184",
                "617f08299329d189",
                "PutObject"));
  }

  @Test
  void readsS3NotificationRecordsWithUrlDecodedKeys() {
    List<ObjectCreated> objects =
        S3Events.read(
            EventSamples.s3Notification("lake", "cdc/shop/order items/café+1.parquet", 7));

    assertThat(objects)
        .containsExactly(
            new ObjectCreated(
                "D82B88E5F771F645-0C0F6F405D6ED209E1",
                Instant.parse("2019-09-03T19:37:27.192Z"),
                "us-east-1",
                "lake",
                "cdc/shop/order items/café+1.parquet",
                7,
                "b21b84d653bb07b05b1e6b33684dc11b",
                "0C0F6F405D6ED209E1",
                "PutObject"));
  }

  @Test
  void theSampleNotificationCarriesTheKeyEncodedAsS3Does() {
    Map<String, Object> event = EventSamples.s3Notification("lake", "a b/c+d.parquet", 1);

    assertThat(event.toString()).contains("key=a+b/c%2Bd.parquet");
  }

  @Test
  void skipsOtherNotificationsAndS3TestEvents() {
    Map<String, Object> removed =
        EventSamples.parse(
            """
            {"Records": [{"eventSource": "aws:s3", "eventName": "ObjectRemoved:Delete",
                          "eventTime": "2019-09-03T19:37:27.192Z",
                          "s3": {"bucket": {"name": "lake"}, "object": {"key": "k"}}}]}
            """);

    assertThat(S3Events.read(removed)).isEmpty();
    assertThat(S3Events.read(EventSamples.s3TestEvent("lake"))).isEmpty();
  }

  @Test
  void rejectsOtherEventsSayingWhatItExpects() {
    assertThatThrownBy(() -> S3Events.read(Map.of("hello", "world")))
        .isInstanceOf(BinlakeException.class)
        .hasMessage(
            "Cannot read the invocation event: it has neither detail-type (EventBridge) nor"
                + " Records (S3 notification) (expected S3's Object Created event through"
                + " EventBridge, or an S3 event notification with Records)");
    assertThatThrownBy(
            () ->
                S3Events.read(
                    EventSamples.parse("{\"Records\": [{\"eventSource\": \"aws:sqs\"}]}")))
        .hasMessageStartingWith(
            "Cannot read the invocation event: Records[0].eventSource is 'aws:sqs', not aws:s3");
    Map<String, Object> scheduled =
        EventSamples.parse(
            """
            {"version": "0", "id": "x", "detail-type": "Scheduled Event",
             "source": "aws.events", "time": "2021-11-12T00:00:00Z", "region": "us-east-1",
             "detail": {}}
            """);
    assertThatThrownBy(() -> S3Events.read(scheduled))
        .hasMessageStartingWith(
            "Cannot read Object Created event: it has source 'aws.events' and detail-type"
                + " 'Scheduled Event', not 'aws.s3' and 'Object Created'");
  }
}
