package dev.binlake.cli.fidelity;

import dev.binlake.testing.ThrowawayMariaDb;

/**
 * The one MariaDB of the fidelity tests, shared by them all, running in a non-UTC time zone
 * (+05:30) so that TIMESTAMP handling cannot hide behind UTC. Stopped by its shutdown hook.
 */
final class FidelityServer {
  private static ThrowawayMariaDb instance;

  private FidelityServer() {}

  static synchronized ThrowawayMariaDb get() {
    if (instance == null) {
      instance =
          ThrowawayMariaDb.builder()
              .serverArgs("--default-time-zone=+05:30", "--max-allowed-packet=64M")
              .start();
    }
    return instance;
  }
}
