package dev.binlake.cli.run;

import static dev.binlake.testing.warehouse.ChangeFileFixture.change;
import static dev.binlake.testing.warehouse.ChangeFileFixture.column;
import static dev.binlake.testing.warehouse.ChangeFileFixture.schema;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.binlake.api.ColumnType;
import dev.binlake.api.Op;
import dev.binlake.api.OrderKey;
import dev.binlake.api.StoredObject;
import dev.binlake.api.TableId;
import dev.binlake.api.TableSchema;
import dev.binlake.cli.config.BinlakeConfig;
import dev.binlake.events.ObjectCreatedEvents;
import dev.binlake.events.rabbitmq.RabbitMqEventTransport;
import dev.binlake.events.rabbitmq.RabbitMqSettings;
import dev.binlake.files.DmsLayout;
import dev.binlake.load.FileDeadLetters;
import dev.binlake.storage.LocalObjectStore;
import dev.binlake.testing.warehouse.ChangeFileFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code events.rule} on the loader side: a {@code binlake load} pipeline on RabbitMQ with a rule
 * on the object key loads the matching files, from its listing pass and from events, and ignores
 * the others (acknowledged, neither loaded nor dead-lettered).
 */
class EventRuleLoadIT {
  private static final TableSchema ORDERS =
      schema(
          new TableId("shop", "orders"),
          List.of("id"),
          column("id", ColumnType.Kind.INT32),
          column("v", ColumnType.Kind.STRING));
  private static final TableSchema LOG =
      schema(
          new TableId("audit", "log"),
          List.of("id"),
          column("id", ColumnType.Kind.INT32),
          column("v", ColumnType.Kind.STRING));

  @TempDir Path dir;

  @Test
  void loadsMatchingFilesAndIgnoresTheOthers() throws Exception {
    String queue = "binlake-it-rule-" + UUID.randomUUID();
    LocalObjectStore store = new LocalObjectStore(dir.resolve("lake"));
    ChangeFileFixture files = new ChangeFileFixture(Files.createDirectories(dir.resolve("work")));
    put(store, files, ORDERS, 100); // both stored before the loader starts: its listing pass
    put(store, files, LOG, 100);
    BinlakeConfig config = config(queue);
    try (Pipeline pipeline = Pipeline.start(config, Pipeline.Role.LOAD);
        RabbitMqEventTransport publisher =
            new RabbitMqEventTransport(RabbitMqSettings.defaults().withQueue(queue))) {
      assertThat(historyRows(pipeline)).isEqualTo(1);
      // then through events: the ignored one first, so it is handled before the loaded one
      publisher.publish(
          ObjectCreatedEvents.forPut(store.bucket(), put(store, files, LOG, 200), "local"));
      publisher.publish(
          ObjectCreatedEvents.forPut(store.bucket(), put(store, files, ORDERS, 200), "local"));
      await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(() -> assertThat(historyRows(pipeline)).isEqualTo(2));
      assertThat(
              pipeline
                  .warehouse()
                  .query(
                      "SELECT count(*) FROM information_schema.tables"
                          + " WHERE table_schema = 'audit'")
                  .rows()
                  .get(0)
                  .get(0)
                  .toString())
          .as("tables of audit.log, whose files the rule leaves out")
          .isEqualTo("0");
      assertThat(publisher.deadLetterCount()).isZero();
      assertThat(new FileDeadLetters(config.state().dir()).list()).isEmpty();
    }
  }

  private static long historyRows(Pipeline pipeline) {
    return Long.parseLong(
        pipeline
            .warehouse()
            .query("SELECT count(*) FROM shop.orders_history")
            .rows()
            .get(0)
            .get(0)
            .toString());
  }

  private static StoredObject put(
      LocalObjectStore store, ChangeFileFixture files, TableSchema schema, long position) {
    OrderKey key = OrderKey.streamed(1, position, 0, 0);
    long commit = ChangeFileFixture.COMMIT_MICROS + position;
    String objectKey = DmsLayout.cdcKey("", schema.table(), commit, key);
    files.write(
        objectKey, schema, change(Op.INSERT, key, (int) position, "v" + position).at(commit));
    return store.put(objectKey, files.localPath(objectKey));
  }

  private BinlakeConfig config(String queue) throws Exception {
    Path file = dir.resolve("binlake.yaml");
    Files.writeString(
        file,
        String.join(
            "\n",
            "source:",
            "  host: 127.0.0.1",
            "  user: binlake",
            "  password: \"\"",
            "  server-id: 7",
            "storage:",
            "  uri: file:./lake",
            "warehouse:",
            "  type: duckdb",
            "  path: ./lake.duckdb",
            "events:",
            "  type: rabbitmq",
            "  rabbitmq:",
            "    queue: " + queue,
            "  rule:",
            "    detail:",
            "      object:",
            "        key: [{prefix: shop/}]",
            ""));
    return BinlakeConfig.load(file, Map.of());
  }
}
