package dev.binlake.cli.config;

import static dev.binlake.cli.config.ConfigOption.optional;
import static java.util.Objects.requireNonNull;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * TLS to the source ({@code source.tls.*}), for capture and for binlake's own connections
 * (preflight, validate).
 *
 * @param caFile PEM file with the CA certificate(s) that signed the server's certificate
 */
public record SourceTlsConfig(Mode mode, Optional<Path> caFile) {
  /** How much TLS to insist on. */
  public enum Mode {
    DISABLED,
    REQUIRED,
    VERIFY_CA,
    VERIFY_IDENTITY
  }

  static final ConfigOption<Mode> MODE =
      optional(
          "source.tls.mode",
          ValueType.choice(Mode.class, EnumSet.allOf(Mode.class)),
          "disabled",
          "TLS to the source: disabled; required (encrypted, the certificate is not checked);"
              + " verify-ca (encrypted, the certificate must be signed by a CA in ca-file);"
              + " verify-identity (verify-ca, and the certificate must name source.host).");
  static final ConfigOption<Optional<Path>> CA_FILE =
      optional(
          "source.tls.ca-file",
          ValueType.scalar(SourceTlsConfig::parsePath, p -> p.map(Path::toString).orElse("\"\"")),
          "\"\"",
          "PEM file with the certificate of the CA that signed the server's certificate (e.g. the"
              + " server's ssl-ca file), relative to the config file's folder. Needed by"
              + " verify-ca and verify-identity.");

  static final List<ConfigOption<?>> OPTIONS = List.of(MODE, CA_FILE);

  public SourceTlsConfig {
    requireNonNull(mode, "mode is null");
    requireNonNull(caFile, "caFile is null");
  }

  static SourceTlsConfig from(OptionValues values) {
    return new SourceTlsConfig(values.get(MODE), values.get(CA_FILE));
  }

  private static Optional<Path> parsePath(String text, ValueContext context) {
    if (text.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(context.resolve(text.strip()));
    } catch (InvalidPathException e) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a valid path (" + e.getReason() + ")", e);
    }
  }

  List<Map.Entry<String, String>> crossChecks() {
    List<Map.Entry<String, String>> problems = new ArrayList<>();
    boolean verifies = mode == Mode.VERIFY_CA || mode == Mode.VERIFY_IDENTITY;
    if (verifies && caFile.isEmpty()) {
      problems.add(
          Map.entry(
              CA_FILE.key(),
              "is required when source.tls.mode is "
                  + ValueType.name(mode)
                  + " (the PEM certificate of the CA that signed the server's certificate)"));
    }
    if (caFile.isPresent() && !Files.isReadable(caFile.get())) {
      problems.add(
          Map.entry(
              CA_FILE.key(),
              caFile.get() + " does not exist or is not readable (give the CA's PEM file)"));
    }
    return problems;
  }

  List<Map.Entry<String, String>> settings() {
    return List.of(MODE.show(mode), CA_FILE.show(caFile));
  }
}
