package dev.binlake.testing.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.binlake.testing.ThrowawayMariaDb;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@WithMariaDb
class MariaDbExtensionIT {
  private static ThrowawayMariaDb fromBeforeAll;

  @BeforeAll
  static void remember(ThrowawayMariaDb db) {
    fromBeforeAll = db;
  }

  @Test
  void injectsRunningServer(ThrowawayMariaDb db) {
    assertThat(db.isRunning()).isTrue();
    assertThat(db.variable("binlog_format")).isEqualTo("ROW");
  }

  @Test
  void sharesOneServerPerJvm(ThrowawayMariaDb db) {
    assertThat(db).isSameAs(fromBeforeAll);
  }
}
