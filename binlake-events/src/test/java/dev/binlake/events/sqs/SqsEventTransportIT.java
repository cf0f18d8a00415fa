package dev.binlake.events.sqs;

import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.binlake.api.EventRule;
import dev.binlake.events.ObjectCreatedJson;
import dev.binlake.events.broker.BrokerTransport;
import dev.binlake.events.broker.BrokerTransportContract;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageRequest;

/** Against ElasticMQ, an SQS-protocol server started in this JVM on a free loopback port. */
class SqsEventTransportIT extends BrokerTransportContract {
  private static SQSRestServer server;

  @BeforeAll
  static void startServer() {
    server = SQSRestServerBuilder.withInterface("127.0.0.1").withDynamicPort().start();
    int port = server.waitUntilStarted().localAddress().getPort();
    sqsEndpoint = URI.create("http://127.0.0.1:" + port);
  }

  @AfterAll
  static void stopServer() {
    server.stopAndWait();
  }

  @Override
  protected String kind() {
    return "sqs";
  }

  @Override
  protected void deleteAll(String name) {
    try (SqsClient client = client()) {
      for (String queue : List.of(name, name + "-dead")) {
        try {
          String url = client.getQueueUrl(b -> b.queueName(queue)).queueUrl();
          client.deleteQueue(b -> b.queueUrl(url));
        } catch (QueueDoesNotExistException e) {
          // not created by this test
        }
      }
    }
  }

  @Override
  protected List<DeadMessage> deadMessages(String name) {
    List<DeadMessage> dead = new ArrayList<>();
    try (SqsClient client = client()) {
      String url = client.getQueueUrl(b -> b.queueName(name + "-dead")).queueUrl();
      List<Message> messages;
      do {
        messages =
            client
                .receiveMessage(
                    b -> b.queueUrl(url).maxNumberOfMessages(10).messageAttributeNames("All"))
                .messages();
        for (Message message : messages) {
          Map<String, MessageAttributeValue> attributes = message.messageAttributes();
          dead.add(
              new DeadMessage(
                  ObjectCreatedJson.read(message.body()).key(),
                  attributes.get(BrokerTransport.REASON_HEADER).stringValue(),
                  attributes.get(BrokerTransport.ATTEMPTS_HEADER).stringValue()));
          client.deleteMessage(b -> b.queueUrl(url).receiptHandle(message.receiptHandle()));
        }
      } while (!messages.isEmpty());
    }
    return dead;
  }

  @Test
  void createsTheWorkQueueWithARedrivePolicyToTheDeadLetterQueue() {
    open();
    try (SqsClient client = client()) {
      String url = client.getQueueUrl(b -> b.queueName(name)).queueUrl();
      Map<QueueAttributeName, String> attributes =
          client
              .getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.ALL))
              .attributes();
      assertThat(attributes.get(QueueAttributeName.VISIBILITY_TIMEOUT)).isEqualTo("2");
      assertThat(attributes.get(QueueAttributeName.REDRIVE_POLICY))
          .contains(name + "-dead")
          .contains("4"); // maxAttempts + 1: the backstop for crashed loaders
    }
  }

  /**
   * Receives that fail at once (an endpoint away) are retried after a pause, not in a busy loop,
   * and the subscription takes events again once receiving works.
   */
  @Test
  void failingReceivesAreRetriedAfterAPause() throws Exception {
    AtomicBoolean failing = new AtomicBoolean(true);
    AtomicInteger failed = new AtomicInteger();
    ExecutionInterceptor awayWhileFailing =
        new ExecutionInterceptor() {
          @Override
          public void beforeExecution(
              Context.BeforeExecution context, ExecutionAttributes attributes) {
            if (context.request() instanceof ReceiveMessageRequest && failing.get()) {
              failed.incrementAndGet();
              throw SdkClientException.create("Unable to execute HTTP request: Connection refused");
            }
          }
        };
    SqsClient client =
        SqsClient.builder()
            .endpointOverride(sqsEndpoint)
            .region(Region.US_EAST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x")))
            .overrideConfiguration(c -> c.addExecutionInterceptor(awayWhileFailing))
            .build();
    List<String> handled = new CopyOnWriteArrayList<>();
    try (SqsEventTransport transport =
        new SqsEventTransport(
            new SqsSettings(Optional.of(sqsEndpoint), "us-east-1", name, 1, ofSeconds(2), FAST),
            client)) {
      transport.subscribe(EventRule.objectCreated("lake", ""), e -> handled.add(e.key()));
      Thread.sleep(3_000);
      assertThat(failed.get()).as("receive attempts in 3 s while failing").isBetween(1, 6);

      failing.set(false);
      transport.publish(event("lake", "after"));
      await().atMost(ofSeconds(30)).until(() -> handled.contains("after"));
    }
  }

  @Test
  void delaysRoundUpToWholeSeconds() {
    assertThat(SqsSettings.seconds(java.time.Duration.ofMillis(200))).isEqualTo(1);
    assertThat(SqsSettings.seconds(java.time.Duration.ofSeconds(2))).isEqualTo(2);
    assertThat(SqsSettings.seconds(java.time.Duration.ofMillis(2001))).isEqualTo(3);
  }

  private static SqsClient client() {
    return SqsClient.builder()
        .endpointOverride(sqsEndpoint)
        .region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x")))
        .build();
  }
}
