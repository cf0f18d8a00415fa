package dev.binlake.events.sqs;

import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.binlake.api.BinlakeException;
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
import java.util.function.Consumer;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
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

  /**
   * The work queue deleted under a running subscription (an operator, a stack being redeployed):
   * receives keep failing, logged once rather than per attempt, until a loader that starts creates
   * the queue again; then the subscription takes events again instead of having stopped. (The queue
   * is deleted just before a receive is sent: ElasticMQ answers a long poll that was waiting on a
   * queue deleted meanwhile only after a 21 s timeout.)
   */
  @Test
  void subscriptionTakesEventsAgainOnceItsDeletedQueueExistsAgain() throws Exception {
    AtomicBoolean deleteBeforeNextReceive = new AtomicBoolean();
    ExecutionInterceptor deleter =
        new ExecutionInterceptor() {
          @Override
          public void beforeExecution(
              Context.BeforeExecution context, ExecutionAttributes attributes) {
            if (context.request() instanceof ReceiveMessageRequest
                && deleteBeforeNextReceive.compareAndSet(true, false)) {
              deleteAll(name);
            }
          }
        };
    Logger logger = (Logger) LoggerFactory.getLogger(SqsEventTransport.class);
    ListAppender<ILoggingEvent> logged = new ListAppender<>();
    logged.start();
    logger.addAppender(logged);
    List<String> handled = new CopyOnWriteArrayList<>();
    try (SqsEventTransport transport =
        new SqsEventTransport(
            new SqsSettings(Optional.of(sqsEndpoint), "us-east-1", name, 1, ofSeconds(2), FAST),
            client(c -> c.addExecutionInterceptor(deleter)))) {
      transport.subscribe(EventRule.objectCreated("lake", ""), e -> handled.add(e.key()));
      transport.publish(event("lake", "before"));
      await().atMost(ofSeconds(30)).until(() -> handled.contains("before"));

      deleteBeforeNextReceive.set(true);
      await().atMost(ofSeconds(30)).untilFalse(deleteBeforeNextReceive);
      Thread.sleep(3_000); // its receives fail meanwhile, one a second
      BrokerTransportContract.open(kind(), name).close(); // a loader starting creates the queues
      transport.publish(event("lake", "after"));

      await().atMost(ofSeconds(30)).until(() -> handled.contains("after"));
      assertThat(handled).containsExactly("before", "after");
      assertThat(logged.list)
          .filteredOn(line -> line.getLevel().isGreaterOrEqual(Level.WARN))
          .extracting(ILoggingEvent::getFormattedMessage)
          .singleElement(InstanceOfAssertFactories.STRING)
          .startsWith(
              "Cannot receive from SQS queue "
                  + name
                  + ": it does not exist (deleted?); trying again every 1 s until it exists"
                  + " (starting a loader creates it): ");
      assertThat(logged.list)
          .filteredOn(line -> line.getLevel() == Level.INFO)
          .extracting(ILoggingEvent::getFormattedMessage)
          .singleElement(InstanceOfAssertFactories.STRING)
          .startsWith("Receiving from SQS queue " + name + " works again (after ");
    } finally {
      logger.detachAppender(logged);
    }
  }

  @Test
  void publishingToADeletedQueueFailsWithWhatToDo() {
    BrokerTransport capture = open();
    deleteAll(name);

    assertThatThrownBy(() -> capture.publish(event("lake", "cdc/lost.parquet")))
        .isInstanceOf(BinlakeException.class)
        .hasMessage(
            "Cannot publish event for cdc/lost.parquet: SQS queue "
                + name
                + " does not exist (deleted? Starting a loader or capture creates it again)");
  }

  @Test
  void delaysRoundUpToWholeSeconds() {
    assertThat(SqsSettings.seconds(java.time.Duration.ofMillis(200))).isEqualTo(1);
    assertThat(SqsSettings.seconds(java.time.Duration.ofSeconds(2))).isEqualTo(2);
    assertThat(SqsSettings.seconds(java.time.Duration.ofMillis(2001))).isEqualTo(3);
  }

  private static SqsClient client() {
    return client(c -> {});
  }

  private static SqsClient client(Consumer<ClientOverrideConfiguration.Builder> configuration) {
    return SqsClient.builder()
        .endpointOverride(sqsEndpoint)
        .region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x")))
        .overrideConfiguration(configuration)
        .build();
  }
}
