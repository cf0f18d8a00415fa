package dev.binlake.storage;

import static java.util.Objects.requireNonNull;

import dev.binlake.api.BinlakeException;
import dev.binlake.api.ErrorCode;
import dev.binlake.api.ObjectStore;
import dev.binlake.api.StoredObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link ObjectStore} over a local folder: key {@code a/b/c.parquet} is the file {@code
 * <folder>/a/b/c.parquet}, and {@link #bucket()} is the folder's name.
 *
 * <p>{@link #put} copies into a hidden temporary file beside the target ({@code
 * .<name>.tmp-<random>}), fsyncs it, renames it into place atomically and fsyncs the folder: a
 * crash leaves either the old object, the new one, or an unlisted temporary file, never a half
 * object. Etags are the hex MD5 of the content, like S3's for single-part uploads.
 */
public final class LocalObjectStore implements ObjectStore {
  private static final Logger log = LoggerFactory.getLogger(LocalObjectStore.class);
  private static final Pattern TEMP_FILE = Pattern.compile("\\..+\\.tmp-[0-9a-f]+");
  private static final SecureRandom random = new SecureRandom();

  private final Path folder;
  private final EtagCache etags = new EtagCache();

  /** A store over {@code folder}; the folder is created by the first {@link #put}. */
  public LocalObjectStore(Path folder) {
    this.folder = requireNonNull(folder, "folder is null").toAbsolutePath().normalize();
    if (this.folder.getFileName() == null) {
      throw new BinlakeException(
          ErrorCode.CONFIG_INVALID,
          "Cannot use %s as object store folder: it has no name to serve as bucket (use a"
              + " subfolder such as file:/lake)",
          folder);
    }
  }

  /**
   * A store for a {@code file:} URI: {@code file:./lake} (relative to the working folder), {@code
   * file:/var/lake} or {@code file:///var/lake}.
   */
  public static LocalObjectStore fromUri(String uri) {
    requireNonNull(uri, "uri is null");
    if (!uri.startsWith("file:") || uri.length() == "file:".length()) {
      throw new BinlakeException(
          ErrorCode.CONFIG_INVALID,
          "Cannot use storage.uri '%s' for a local folder: it must start with file: (e.g."
              + " file:./lake or file:///var/lake)",
          uri);
    }
    String path = uri.substring("file:".length());
    if (path.startsWith("//")) {
      path = path.substring(2);
      if (!path.startsWith("/")) {
        throw new BinlakeException(
            ErrorCode.CONFIG_INVALID,
            "Cannot use storage.uri '%s': file:// URIs need an absolute path, as in"
                + " file:///var/lake (use file:./lake for a relative folder)",
            uri);
      }
    }
    return new LocalObjectStore(Path.of(path));
  }

  /** The folder holding the objects (absolute). */
  public Path folder() {
    return folder;
  }

  @Override
  public String bucket() {
    return folder.getFileName().toString();
  }

  @Override
  public StoredObject put(String key, Path file) {
    ObjectKeys.requireValid(key);
    requireNonNull(file, "file is null");
    Path target = folder.resolve(key);
    Path temp = null;
    try {
      createFolders(target.getParent());
      temp = target.resolveSibling(tempFileName(target.getFileName().toString()));
      MessageDigest md5 = md5();
      try (InputStream in = new DigestInputStream(Files.newInputStream(file), md5);
          FileChannel channel =
              FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        OutputStream out = Channels.newOutputStream(channel);
        in.transferTo(out);
        channel.force(true);
      }
      String etag = HexFormat.of().formatHex(md5.digest());
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
      temp = null;
      fsyncFolder(target.getParent());
      BasicFileAttributes attributes = Files.readAttributes(target, BasicFileAttributes.class);
      etags.remember(target, attributes, etag);
      log.debug("Stored {} ({} bytes) in {}", key, attributes.size(), folder);
      return new StoredObject(
          key, attributes.size(), etag, attributes.lastModifiedTime().toInstant());
    } catch (IOException e) {
      throw new BinlakeException(
          ErrorCode.STORAGE_FAILED,
          e,
          "Cannot store %s in %s: %s (check that the folder exists and is writable, and that the"
              + " disk has space)",
          key,
          folder,
          describe(e, file));
    } finally {
      if (temp != null) {
        deleteQuietly(temp);
      }
    }
  }

  @Override
  public InputStream open(String key) {
    ObjectKeys.requireValid(key);
    Path path = folder.resolve(key);
    try {
      if (Files.isDirectory(path)) {
        throw new NoSuchFileException(path.toString());
      }
      return Files.newInputStream(path);
    } catch (NoSuchFileException e) {
      throw notFound(key);
    } catch (IOException e) {
      throw new BinlakeException(
          ErrorCode.STORAGE_FAILED,
          e,
          "Cannot read %s from %s: %s (check the folder's permissions)",
          key,
          folder,
          e.getMessage());
    }
  }

  @Override
  public List<StoredObject> list(String prefix) {
    ObjectKeys.requireValidPrefix(prefix);
    int lastSlash = prefix.lastIndexOf('/');
    Path start = lastSlash < 0 ? folder : folder.resolve(prefix.substring(0, lastSlash));
    if (!Files.isDirectory(start)) {
      return List.of();
    }
    List<StoredObject> objects = new ArrayList<>();
    try (Stream<Path> paths = Files.walk(start)) {
      for (Path path : (Iterable<Path>) paths::iterator) {
        String key = keyOf(path);
        if (key.startsWith(prefix) && !isTempFileName(path.getFileName().toString())) {
          stat(path, key).ifPresent(objects::add);
        }
      }
    } catch (IOException | java.io.UncheckedIOException e) {
      throw new BinlakeException(
          ErrorCode.STORAGE_FAILED,
          e,
          "Cannot list %s under prefix '%s': %s (check the folder's permissions)",
          folder,
          prefix,
          e.getMessage());
    }
    objects.sort((a, b) -> ObjectKeys.S3_ORDER.compare(a.key(), b.key()));
    return objects;
  }

  @Override
  public Optional<StoredObject> stat(String key) {
    ObjectKeys.requireValid(key);
    return stat(folder.resolve(key), key);
  }

  @Override
  public Optional<Path> localPath(String key) {
    ObjectKeys.requireValid(key);
    Path path = folder.resolve(key);
    return Files.isRegularFile(path) ? Optional.of(path) : Optional.empty();
  }

  @Override
  public String toString() {
    return "LocalObjectStore[" + folder + "]";
  }

  static boolean isTempFileName(String name) {
    return TEMP_FILE.matcher(name).matches();
  }

  private Optional<StoredObject> stat(Path path, String key) {
    try {
      BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
      if (!attributes.isRegularFile()) {
        return Optional.empty();
      }
      return Optional.of(
          new StoredObject(
              key,
              attributes.size(),
              etags.etag(path, attributes),
              attributes.lastModifiedTime().toInstant()));
    } catch (NoSuchFileException e) {
      return Optional.empty(); // replaced or removed while we looked
    } catch (IOException e) {
      throw new BinlakeException(
          ErrorCode.STORAGE_FAILED,
          e,
          "Cannot read %s in %s: %s (check the folder's permissions)",
          key,
          folder,
          e.getMessage());
    }
  }

  private String keyOf(Path path) {
    return folder.relativize(path).toString().replace(path.getFileSystem().getSeparator(), "/");
  }

  /** Creates missing folders up to {@code dir} and fsyncs each new folder's parent. */
  private void createFolders(Path dir) throws IOException {
    Path missing = dir;
    while (missing != null && !Files.isDirectory(missing)) {
      missing = missing.getParent();
    }
    Files.createDirectories(dir);
    for (Path created = dir; created != null && !created.equals(missing); ) {
      Path parent = created.getParent();
      fsyncFolder(parent);
      created = parent;
    }
  }

  private static void fsyncFolder(Path dir) throws IOException {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    }
  }

  private static String tempFileName(String name) {
    byte[] bytes = new byte[8];
    random.nextBytes(bytes);
    return "." + name + ".tmp-" + HexFormat.of().formatHex(bytes);
  }

  private BinlakeException notFound(String key) {
    return new BinlakeException(
        ErrorCode.OBJECT_NOT_FOUND,
        "Cannot read %s from %s: no such object (check the key; list the folder to see what is"
            + " stored)",
        key,
        folder);
  }

  private static String describe(IOException e, Path source) {
    if (e instanceof NoSuchFileException && source.toString().equals(e.getMessage())) {
      return "the file to store, " + source + ", does not exist";
    }
    if (e instanceof FileAlreadyExistsException) {
      return "a file is in the way: "
          + ((FileAlreadyExistsException) e).getFile()
          + " exists and is not a folder";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied on " + ((AccessDeniedException) e).getFile();
    }
    if (e instanceof FileSystemException) {
      FileSystemException f = (FileSystemException) e;
      return f.getReason() == null
          ? e.getClass().getSimpleName() + " on " + f.getFile()
          : f.getReason() + " on " + f.getFile();
    }
    return e.toString();
  }

  private static void deleteQuietly(Path temp) {
    try {
      Files.deleteIfExists(temp);
    } catch (IOException e) {
      log.warn("Cannot delete temporary file {}: {}", temp, e.getMessage());
    }
  }

  static MessageDigest md5() {
    try {
      return MessageDigest.getInstance("MD5");
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("MD5 is part of every Java runtime", e);
    }
  }
}
