package dev.binlake.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A throwaway certificate authority and a server certificate it signed (for {@code 127.0.0.1} and
 * {@code localhost}), made with {@code openssl} at test time, for TLS tests: pass them to {@link
 * ThrowawayMariaDb.Builder#tls}.
 *
 * @param caCertificate PEM certificate of the CA
 * @param serverCertificate PEM certificate of the server, signed by the CA
 * @param serverKey PEM private key of the server (unencrypted)
 */
public record TestCertificates(Path caCertificate, Path serverCertificate, Path serverKey) {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  /** Creates a CA and a server certificate for {@code serverName} in {@code folder}. */
  public static TestCertificates create(Path folder, String serverName) {
    try {
      Files.createDirectories(folder);
    } catch (IOException e) {
      throw new IllegalStateException("Cannot create " + folder + ": " + e.getMessage(), e);
    }
    Path caKey = folder.resolve("ca-key.pem");
    Path ca = folder.resolve("ca.pem");
    Path key = folder.resolve("server-key.pem");
    Path request = folder.resolve("server.csr");
    Path cert = folder.resolve("server-cert.pem");
    Path extensions = folder.resolve("server.ext");
    Path log = folder.resolve("openssl.log");
    openssl(
        log,
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-days",
        "2",
        "-subj",
        "/CN=binlake test CA " + folder.getFileName(),
        "-keyout",
        caKey.toString(),
        "-out",
        ca.toString());
    openssl(
        log,
        "req",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-subj",
        "/CN=" + serverName,
        "-keyout",
        key.toString(),
        "-out",
        request.toString());
    try {
      Files.writeString(
          extensions,
          "subjectAltName=DNS:"
              + serverName
              + ",DNS:localhost,IP:127.0.0.1\n"
              + "basicConstraints=CA:FALSE\n");
    } catch (IOException e) {
      throw new IllegalStateException("Cannot write " + extensions, e);
    }
    openssl(
        log,
        "x509",
        "-req",
        "-in",
        request.toString(),
        "-CA",
        ca.toString(),
        "-CAkey",
        caKey.toString(),
        "-CAcreateserial",
        "-days",
        "2",
        "-extfile",
        extensions.toString(),
        "-out",
        cert.toString());
    return new TestCertificates(ca, cert, key);
  }

  private static void openssl(Path log, String... args) {
    List<String> command = new ArrayList<>();
    command.add("openssl");
    command.addAll(List.of(args));
    ProcessRun.run(command, log, TIMEOUT);
  }
}
