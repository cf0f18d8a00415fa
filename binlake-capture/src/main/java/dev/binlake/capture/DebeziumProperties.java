package dev.binlake.capture;

import dev.binlake.capture.offset.CheckpointOffsetStore;
import java.nio.file.Path;
import java.util.Properties;

/**
 * The Debezium engine properties binlake runs with (DESIGN.md lists why each matters). Public for
 * the benchmark baseline, which runs the same engine with a dropping consumer.
 */
public final class DebeziumProperties {
  static final String ENGINE_NAME = "binlake";
  static final String TOPIC_PREFIX = "binlake";

  private DebeziumProperties() {}

  public static Properties of(SourceSettings source, Path stateDir, String snapshotLockingMode) {
    Properties props = new Properties();
    props.setProperty("name", ENGINE_NAME);
    props.setProperty(
        "connector.class",
        source.flavor() == SourceSettings.Flavor.MYSQL
            ? "io.debezium.connector.mysql.MySqlConnector"
            : "io.debezium.connector.mariadb.MariaDbConnector");
    props.setProperty("offset.storage", CheckpointOffsetStore.class.getName());
    props.setProperty(CheckpointOffsetStore.STATE_DIR, stateDir.toAbsolutePath().toString());
    props.setProperty("offset.flush.interval.ms", "60000");
    props.setProperty("database.hostname", source.host());
    props.setProperty("database.port", Integer.toString(source.port()));
    props.setProperty("database.user", source.user());
    props.setProperty("database.password", source.password());
    props.setProperty("database.server.id", Long.toString(source.serverId()));
    props.setProperty("connect.timeout.ms", Long.toString(source.connectTimeout().toMillis()));
    props.setProperty("topic.prefix", TOPIC_PREFIX);
    props.setProperty(
        "schema.history.internal", "io.debezium.storage.file.history.FileSchemaHistory");
    props.setProperty(
        "schema.history.internal.file.filename",
        stateDir.resolve("schema-history.dat").toAbsolutePath().toString());
    props.setProperty("table.include.list", source.tables().debeziumRegex());
    props.setProperty("snapshot.mode", "initial");
    props.setProperty("snapshot.locking.mode", snapshotLockingMode);
    props.setProperty("decimal.handling.mode", "precise");
    props.setProperty("bigint.unsigned.handling.mode", "precise");
    props.setProperty("time.precision.mode", "adaptive_time_microseconds");
    props.setProperty("binary.handling.mode", "bytes");
    props.setProperty("tombstones.on.delete", "false");
    props.setProperty("provide.transaction.metadata", "true");
    props.setProperty("column.propagate.source.type", ".*");
    // On by default, it turns years such as 0018-04-01 into 2018-04-01.
    props.setProperty("enable.time.adjuster", "false");
    props.setProperty("heartbeat.interval.ms", "500");
    // The server sends heartbeats every 0.8 x this interval while idle; Debezium turns them into
    // heartbeat records with the current offset, which `run --once` waits for.
    props.setProperty("connect.keep.alive.interval.ms", "2000");
    props.setProperty("poll.interval.ms", "50");
    props.setProperty("max.batch.size", "4096");
    props.setProperty("max.queue.size", "16384");
    props.setProperty("event.processing.failure.handling.mode", "fail");
    props.setProperty("errors.max.retries", "3");
    return props;
  }
}
