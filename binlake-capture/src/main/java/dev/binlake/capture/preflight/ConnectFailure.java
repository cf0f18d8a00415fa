package dev.binlake.capture.preflight;

import dev.binlake.api.BinlakeException;
import dev.binlake.api.ErrorCode;
import dev.binlake.capture.SourceSettings;
import dev.binlake.capture.SourceTls;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Properties;

/** Why binlake's JDBC connection to the source failed, said so that the user knows what to do. */
final class ConnectFailure {
  private static final String TLS_HOW =
      "set source.tls.mode: verify-ca and source.tls.ca-file: <the server's CA certificate, PEM>,"
          + " or source.tls.mode: required to encrypt without checking the certificate";

  private ConnectFailure() {}

  static BinlakeException describe(
      SQLException error, SourceSettings source, String url, Properties props) {
    String text = chain(error);
    String lower = text.toLowerCase(Locale.ROOT);
    boolean tls = source.tls().isEnabled();
    if (!tls && (lower.contains("insecure transport") || needsTls(error, url, props))) {
      return new BinlakeException(
          ErrorCode.SOURCE_ACCESS_DENIED,
          "Cannot connect to source %s as '%s': the server requires TLS for this user (%s)",
          source.address(),
          source.user(),
          TLS_HOW);
    }
    if (tls && lower.contains("ssl not enabled in the server")) {
      return new BinlakeException(
          ErrorCode.SOURCE_UNREACHABLE,
          "Cannot connect to source %s with TLS: the server does not offer TLS (give the server"
              + " ssl-cert and ssl-key, or set source.tls.mode: disabled)",
          source.address());
    }
    if (tls
        && (lower.contains("certification path")
            || lower.contains("pkix")
            || lower.contains("certificate"))) {
      boolean hostName =
          lower.contains("no name matching")
              || lower.contains("hostname")
              || lower.contains("host name")
              || lower.contains("doesn't correspond")
              || lower.contains("subject alternative");
      if (hostName) {
        return new BinlakeException(
            ErrorCode.SOURCE_UNREACHABLE,
            "Cannot connect to source %s with TLS: the server's certificate does not name host"
                + " '%s' (connect with a host name the certificate lists, or use source.tls.mode:"
                + " verify-ca to check the CA only)",
            source.address(),
            source.host());
      }
      return new BinlakeException(
          ErrorCode.SOURCE_UNREACHABLE,
          "Cannot connect to source %s with TLS: the server's certificate is not trusted (%s)"
              + " (set source.tls.ca-file to the PEM certificate of the CA that signed it, e.g."
              + " the server's ssl-ca file)",
          source.address(),
          firstLine(error.getMessage()));
    }
    if (error.getErrorCode() == 1045) {
      return new BinlakeException(
          ErrorCode.SOURCE_ACCESS_DENIED,
          "Cannot connect to source %s as '%s': access denied (check source.user and"
              + " source.password, e.g. the variable named in ${env:...})",
          source.address(),
          source.user());
    }
    return new BinlakeException(
        ErrorCode.SOURCE_UNREACHABLE,
        "Cannot connect to source %s: %s (check source.host and source.port, and that the"
            + " server is running and reachable from here)",
        source.address(),
        firstLine(error.getMessage()));
  }

  /**
   * Whether access was denied only because the user must connect with TLS ({@code REQUIRE SSL}):
   * MariaDB says "access denied" then, so try once more, encrypted.
   */
  private static boolean needsTls(SQLException error, String url, Properties props) {
    if (error.getErrorCode() != 1045) {
      return false;
    }
    Properties encrypted = new Properties();
    encrypted.putAll(props);
    new SourceTls(SourceTls.Mode.REQUIRED, java.util.Optional.empty()).addJdbcProperties(encrypted);
    try {
      DriverManager.getConnection(url, encrypted).close();
      return true;
    } catch (SQLException e) {
      return false;
    }
  }

  private static String chain(Throwable error) {
    StringBuilder text = new StringBuilder();
    for (Throwable t = error; t != null && text.length() < 10_000; t = t.getCause()) {
      text.append(t.getMessage()).append(": ");
      if (t.getCause() == t) {
        break;
      }
    }
    return text.toString();
  }

  static String firstLine(String message) {
    if (message == null) {
      return "unknown error";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
