package dev.binlake.cli;

import dev.binlake.cli.config.BinlakeConfig;
import java.net.URI;
import java.nio.file.Path;

/** Loads the configuration for a command and masks its secrets in every later log line. */
public final class ConfigFile {
  private ConfigFile() {}

  public static BinlakeConfig load(Path file) {
    BinlakeConfig config = BinlakeConfig.load(file, System.getenv());
    registerSecrets(config);
    return config;
  }

  public static void registerSecrets(BinlakeConfig config) {
    MaskedMessage.register(config.source().password().reveal());
    MaskedMessage.register(config.source().columns().hashKey().reveal());
    MaskedMessage.register(config.warehouse().postgresPassword().reveal());
    MaskedMessage.register(config.storage().s3SecretKey().reveal());
    String amqp = config.events().rabbitMqUri().reveal();
    MaskedMessage.register(amqp);
    try {
      String userInfo = URI.create(amqp).getUserInfo();
      if (userInfo != null && userInfo.contains(":")) {
        MaskedMessage.register(userInfo.substring(userInfo.indexOf(':') + 1));
      }
    } catch (IllegalArgumentException e) {
      // Not a URI: the transport reports that; the whole value is masked already.
    }
  }
}
