package dev.binlake.warehouse.bigquery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.binlake.warehouse.bigquery.fake.FakeBigQuery;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A fake BigQuery and the warehouses a test opens on it; {@link #close} closes them and fails the
 * test if the fake saw anything unexpected.
 */
final class FakeBigQueryExtension implements AutoCloseable {
  static final String PROJECT = "binlake-test";

  final FakeBigQuery fake;
  final Duration interval;
  private final List<BigQueryWarehouse> opened = new ArrayList<>();

  FakeBigQueryExtension(Duration interval) throws Exception {
    this.interval = interval;
    this.fake = FakeBigQuery.start(PROJECT, "EU", interval);
  }

  BigQuerySettings settings(Path stateDir) {
    return new BigQuerySettings(
            PROJECT,
            "",
            "EU",
            java.util.Optional.empty(),
            BigQuerySettings.Credentials.APPLICATION_DEFAULT,
            interval,
            stateDir)
        .withLocalHost(fake.url());
  }

  BigQueryWarehouse open(Path stateDir) {
    return open(stateDir, dev.binlake.api.ViewKeys.none());
  }

  BigQueryWarehouse open(Path stateDir, dev.binlake.api.ViewKeys keys) {
    BigQueryWarehouse warehouse = BigQueryWarehouse.open(settings(stateDir), keys);
    opened.add(warehouse);
    return warehouse;
  }

  @Override
  public void close() throws java.sql.SQLException {
    opened.forEach(BigQueryWarehouse::close);
    try {
      assertThat(fake.problems()).as("requests the fake BigQuery did not expect").isEmpty();
    } finally {
      fake.close();
    }
  }
}
