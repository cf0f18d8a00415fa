package dev.binlake.cli;

import ch.qos.logback.classic.pattern.MessageConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;

/**
 * Logback's {@code %msg} with every registered secret replaced by {@code ******}: some libraries
 * (Debezium at DEBUG) log their whole configuration, password included.
 */
public final class MaskedMessage extends MessageConverter {
  private static final Set<String> SECRETS = new CopyOnWriteArraySet<>();

  /** Masks {@code secret} in every log line from now on (empty and very short values are not). */
  public static void register(String secret) {
    if (secret != null && secret.length() >= 4) {
      SECRETS.add(secret);
    }
  }

  @Override
  public String convert(ILoggingEvent event) {
    return mask(super.convert(event));
  }

  static String mask(String message) {
    String masked = message;
    for (String secret : SECRETS) {
      if (masked.contains(secret)) {
        masked = masked.replace(secret, "******");
      }
    }
    return masked;
  }
}
