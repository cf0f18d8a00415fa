package dev.binlake.capture;

import static java.util.Objects.requireNonNull;

import dev.binlake.api.BinlakeException;
import dev.binlake.api.ErrorCode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * TLS to the source, for Debezium's connections and binlake's own: off, encrypted without checking
 * the certificate, encrypted with the certificate checked against {@code caFile} (a PEM file with
 * one or more CA certificates), or additionally with the host name checked.
 */
public record SourceTls(Mode mode, Optional<Path> caFile) {
  /** Password of the trust store written for Debezium; it holds public certificates only. */
  static final String TRUST_STORE_PASSWORD = "binlake-public-certificates";

  /** How much TLS to insist on. */
  public enum Mode {
    /** No TLS. */
    DISABLED,
    /** Encrypted; the server's certificate is not checked. */
    REQUIRED,
    /** Encrypted; the certificate must be signed by a CA in the CA file. */
    VERIFY_CA,
    /** Like VERIFY_CA, and the certificate must name the host binlake connects to. */
    VERIFY_IDENTITY;

    public boolean verifies() {
      return this == VERIFY_CA || this == VERIFY_IDENTITY;
    }
  }

  public SourceTls {
    requireNonNull(mode, "mode is null");
    requireNonNull(caFile, "caFile is null");
    if (mode.verifies() && caFile.isEmpty()) {
      throw new IllegalArgumentException(mode + " needs a CA file");
    }
  }

  public static SourceTls disabled() {
    return new SourceTls(Mode.DISABLED, Optional.empty());
  }

  public boolean isEnabled() {
    return mode != Mode.DISABLED;
  }

  /** Connector/J (MariaDB) options for binlake's own JDBC connections. */
  public void addJdbcProperties(Properties props) {
    props.setProperty(
        "sslMode",
        switch (mode) {
          case DISABLED -> "disable";
          case REQUIRED -> "trust";
          case VERIFY_CA -> "verify-ca";
          case VERIFY_IDENTITY -> "verify-full";
        });
    caFile.ifPresent(ca -> props.setProperty("serverSslCert", ca.toAbsolutePath().toString()));
  }

  /**
   * Debezium's {@code database.ssl.*} options; with a CA file, a PKCS#12 trust store holding its
   * certificates is written to {@code stateDir} (Debezium's binlog client reads only trust stores).
   */
  public void addDebeziumProperties(Properties props, SourceSettings.Flavor flavor, Path stateDir) {
    boolean mysql = flavor == SourceSettings.Flavor.MYSQL;
    props.setProperty(
        "database.ssl.mode",
        switch (mode) {
          case DISABLED -> mysql ? "disabled" : "disable";
          case REQUIRED -> mysql ? "required" : "trust";
          case VERIFY_CA -> mysql ? "verify_ca" : "verify-ca";
          case VERIFY_IDENTITY -> mysql ? "verify_identity" : "verify-full";
        });
    if (caFile.isPresent() && isEnabled()) {
      Path store = writeTrustStore(caFile.get(), stateDir);
      props.setProperty("database.ssl.truststore", store.toAbsolutePath().toString());
      props.setProperty("database.ssl.truststore.password", TRUST_STORE_PASSWORD);
    }
  }

  /** The certificates of a PEM file, with a message that says what to fix when it has none. */
  public static List<Certificate> certificates(Path caFile) {
    try (InputStream in = Files.newInputStream(caFile)) {
      List<Certificate> certificates =
          new ArrayList<>(CertificateFactory.getInstance("X.509").generateCertificates(in));
      if (certificates.isEmpty()) {
        throw new GeneralSecurityException("no certificate in it");
      }
      return certificates;
    } catch (IOException | GeneralSecurityException e) {
      throw new BinlakeException(
          ErrorCode.CONFIG_INVALID,
          e,
          "Cannot use source.tls.ca-file %s: %s (give a readable PEM file with the certificate of"
              + " the CA that signed the server's certificate, e.g. the server's ssl-ca file)",
          caFile,
          e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    }
  }

  static Path writeTrustStore(Path caFile, Path stateDir) {
    List<Certificate> certificates = certificates(caFile);
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      for (int i = 0; i < certificates.size(); i++) {
        store.setCertificateEntry("ca-" + i, certificates.get(i));
      }
      Files.createDirectories(stateDir);
      Path target = stateDir.resolve("source-truststore.p12");
      Path temp = Files.createTempFile(stateDir, "source-truststore", ".tmp");
      try (OutputStream out = Files.newOutputStream(temp)) {
        store.store(out, TRUST_STORE_PASSWORD.toCharArray());
      }
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return target;
    } catch (IOException | GeneralSecurityException e) {
      throw new BinlakeException(
          ErrorCode.STORAGE_FAILED,
          e,
          "Cannot write the source trust store into %s: %s (check that the state folder is"
              + " writable)",
          stateDir,
          e.getMessage());
    }
  }
}
