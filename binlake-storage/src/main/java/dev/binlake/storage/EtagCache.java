package dev.binlake.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Etags (hex MD5) of local files without rereading them on every listing: kept in memory per (path,
 * size, modification time), and in the file's {@code user.binlake.md5} extended attribute where the
 * file system has them. Files that other programs put in the folder get theirs computed once.
 */
final class EtagCache {
  private static final String ATTRIBUTE = "binlake.md5";

  private record Version(long size, long modifiedNanos) {
    static Version of(BasicFileAttributes attributes) {
      return new Version(
          attributes.size(),
          attributes.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS));
    }
  }

  private record Entry(Version version, String etag) {}

  private final Map<Path, Entry> entries = new ConcurrentHashMap<>();

  void remember(Path path, BasicFileAttributes attributes, String etag) {
    Version version = Version.of(attributes);
    entries.put(path, new Entry(version, etag));
    writeAttribute(path, version, etag);
  }

  String etag(Path path, BasicFileAttributes attributes) throws IOException {
    Version version = Version.of(attributes);
    Entry entry = entries.get(path);
    if (entry != null && entry.version().equals(version)) {
      return entry.etag();
    }
    String etag = readAttribute(path, version);
    if (etag == null) {
      etag = computeMd5(path);
      writeAttribute(path, version, etag);
    }
    entries.put(path, new Entry(version, etag));
    return etag;
  }

  private static String computeMd5(Path path) throws IOException {
    MessageDigest md5 = LocalObjectStore.md5();
    try (InputStream in = Files.newInputStream(path)) {
      byte[] buffer = new byte[64 * 1024];
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        md5.update(buffer, 0, n);
      }
    }
    return HexFormat.of().formatHex(md5.digest());
  }

  /** The attribute holds "size modifiedNanos md5", so an in-place edit invalidates it. */
  private static String readAttribute(Path path, Version version) {
    UserDefinedFileAttributeView view =
        Files.getFileAttributeView(path, UserDefinedFileAttributeView.class);
    if (view == null) {
      return null;
    }
    try {
      ByteBuffer buffer = ByteBuffer.allocate(view.size(ATTRIBUTE));
      view.read(ATTRIBUTE, buffer);
      String[] parts = new String(buffer.array(), StandardCharsets.US_ASCII).split(" ");
      if (parts.length == 3
          && parts[0].equals(Long.toString(version.size()))
          && parts[1].equals(Long.toString(version.modifiedNanos()))) {
        return parts[2];
      }
      return null;
    } catch (IOException | RuntimeException e) {
      return null; // no attribute, or extended attributes not supported here
    }
  }

  private static void writeAttribute(Path path, Version version, String etag) {
    UserDefinedFileAttributeView view =
        Files.getFileAttributeView(path, UserDefinedFileAttributeView.class);
    if (view == null) {
      return;
    }
    String value = version.size() + " " + version.modifiedNanos() + " " + etag;
    try {
      view.write(ATTRIBUTE, ByteBuffer.wrap(value.getBytes(StandardCharsets.US_ASCII)));
    } catch (IOException | RuntimeException e) {
      // extended attributes not supported (tmpfs without user_xattr, …): the memory cache remains
    }
  }
}
