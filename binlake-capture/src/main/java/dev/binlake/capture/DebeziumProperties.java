package dev.binlake.capture;

import dev.binlake.capture.mapping.UuidConverter;
import dev.binlake.capture.mapping.ZeroDateConverter;
import dev.binlake.capture.offset.CheckpointOffsetStore;
import java.nio.file.Path;
import java.util.Properties;

/**
 * The Debezium engine properties binlake runs with (DESIGN.md lists why each matters). Public for
 * the benchmark baseline, which runs the same engine with a dropping consumer.
 */
public final class DebeziumProperties {
  static final String ENGINE_NAME = "binlake";

  /** A column.exclude.list pattern that matches no column (the names have no dots). */
  static final String NO_COLUMN = "binlake-none\\.binlake-none\\.binlake-none\\.binlake-none";

  /** Debezium's schema history in the state folder: every DDL statement since the snapshot. */
  public static final String SCHEMA_HISTORY_FILE = "schema-history.dat";

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
    // The chunked snapshot reads with prepared statements: server-side ones return binary rows, so
    // a FLOAT keeps all its bits (text rows carry 6 significant digits).
    props.setProperty("driver.useServerPrepStmts", "true");
    props.setProperty("connect.timeout.ms", Long.toString(source.connectTimeout().toMillis()));
    props.setProperty("topic.prefix", TOPIC_PREFIX);
    props.setProperty(
        "schema.history.internal", "io.debezium.storage.file.history.FileSchemaHistory");
    props.setProperty(
        "schema.history.internal.file.filename",
        stateDir.resolve(SCHEMA_HISTORY_FILE).toAbsolutePath().toString());
    props.setProperty("table.include.list", source.tables().debeziumRegex());
    // Excluded columns never leave Debezium; binlake's mapper drops them again if they do. Without
    // any, a pattern that matches no column: with a column filter set, the chunked snapshot names
    // every column in its SELECT instead of `*`, which leaves out MariaDB's INVISIBLE columns.
    props.setProperty(
        "column.exclude.list",
        source.columns().debeziumExcludeList().isEmpty()
            ? NO_COLUMN
            : source.columns().debeziumExcludeList());
    source.tls().addDebeziumProperties(props, source.flavor(), stateDir);
    props.setProperty(
        "schema.history.internal.skip.unparseable.ddl",
        Boolean.toString(source.skipUnparseableDdl()));
    props.setProperty("snapshot.mode", "initial");
    props.setProperty("snapshot.locking.mode", snapshotLockingMode);
    props.setProperty("decimal.handling.mode", "precise");
    props.setProperty("bigint.unsigned.handling.mode", "precise");
    props.setProperty("time.precision.mode", "adaptive_time_microseconds");
    props.setProperty("binary.handling.mode", "bytes");
    props.setProperty("tombstones.on.delete", "false");
    props.setProperty("provide.transaction.metadata", "true");
    // The default ("t") drops TRUNCATE events; binlake records them as markers.
    props.setProperty("skipped.operations", "none");
    props.setProperty("column.propagate.source.type", ".*");
    // On by default, it turns years such as 0018-04-01 into 2018-04-01.
    props.setProperty("enable.time.adjuster", "false");
    // Zero dates of NOT NULL DATE/DATETIME columns: NULL and counted, not 1970-01-01. UUIDs whose
    // trailing zero bytes the binlog dropped: padded on the right.
    props.setProperty("converters", "binlakezero,binlakeuuid");
    props.setProperty("binlakeuuid.type", UuidConverter.class.getName());
    props.setProperty("binlakezero.type", ZeroDateConverter.class.getName());
    props.setProperty("heartbeat.interval.ms", "500");
    // The server sends heartbeats every 0.8 x this interval while idle; Debezium turns them into
    // heartbeat records with the current offset, which `run --once` waits for.
    props.setProperty("connect.keep.alive.interval.ms", "2000");
    props.setProperty("poll.interval.ms", "50");
    props.setProperty("max.batch.size", "2048");
    // A short queue: records waiting in it survive young collections, and a long one made the
    // garbage collector copy tens of MB per collection while capture drained a backlog.
    props.setProperty("max.queue.size", "4096");
    // Debezium's context headers (connector name, task id) on every record: binlake reads none.
    props.setProperty("extended.headers.enabled", "false");
    props.setProperty("event.processing.failure.handling.mode", "fail");
    props.setProperty("errors.max.retries", "3");
    return props;
  }
}
