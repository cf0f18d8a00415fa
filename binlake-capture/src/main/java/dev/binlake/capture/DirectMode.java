package dev.binlake.capture;

import dev.binlake.capture.binlog.Collations;
import dev.binlake.capture.binlog.DirectReader;
import dev.binlake.capture.preflight.Preflight;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether binlake's own binlog reader streams (experimental, issue 6): asked for with the system
 * property {@code binlake.source.reader=binlake} or the environment variable {@code
 * BINLAKE_SOURCE_READER=binlake}, and possible for a MariaDB source without TLS and column rules
 * whose server writes full row metadata ({@code binlog_row_metadata=FULL}). Otherwise Debezium
 * reads throughout, as by default.
 */
record DirectMode(Collations collations) {
  private static final Logger LOG = LoggerFactory.getLogger(DirectMode.class);
  static final String PROPERTY = "binlake.source.reader";

  /** Wanted by the caller ({@code preferred}) or by the property or environment variable. */
  static Optional<DirectMode> of(SourceSettings source, boolean preferred) {
    String wanted = System.getProperty(PROPERTY, System.getenv("BINLAKE_SOURCE_READER"));
    if (!preferred && (wanted == null || !wanted.toLowerCase(Locale.ROOT).equals("binlake"))) {
      return Optional.empty();
    }
    Optional<String> unsupported = DirectReader.unsupported(source);
    if (unsupported.isPresent()) {
      LOG.warn("Debezium reads the binlog: {}", unsupported.get());
      return Optional.empty();
    }
    try (Connection connection = Preflight.connect(source);
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT @@GLOBAL.binlog_row_metadata")) {
      String metadata = rows.next() ? rows.getString(1) : "";
      if (!"FULL".equalsIgnoreCase(metadata)) {
        LOG.warn(
            "Debezium reads the binlog: binlake's reader needs binlog_row_metadata=FULL (the server"
                + " has {}; SET GLOBAL binlog_row_metadata=FULL, or binlog-row-metadata=FULL in the"
                + " server's configuration)",
            metadata);
        return Optional.empty();
      }
      LOG.info("binlake's own binlog reader streams; Debezium snapshots and reads DDL");
      return Optional.of(new DirectMode(Collations.read(connection)));
    } catch (SQLException | RuntimeException e) {
      LOG.warn(
          "Debezium reads the binlog: cannot check the server for binlake's reader: {}",
          e.toString());
      return Optional.empty();
    }
  }
}
