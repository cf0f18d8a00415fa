package dev.binlake.cli;

import org.slf4j.bridge.SLF4JBridgeHandler;

/** Routes java.util.logging (used by some libraries) into SLF4J/logback. */
final class Logging {
  private Logging() {}

  static void configure() {
    SLF4JBridgeHandler.removeHandlersForRootLogger();
    SLF4JBridgeHandler.install();
  }
}
