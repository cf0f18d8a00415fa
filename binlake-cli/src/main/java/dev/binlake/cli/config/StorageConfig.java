package dev.binlake.cli.config;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Where change files are stored ({@code storage.*}): {@code file:<folder>} for a local folder (a
 * relative folder resolves against the config file's folder). {@code s3://bucket/prefix} is
 * recognised but not supported yet; its options will live under {@code storage.s3}.
 *
 * @param uri {@code file:/absolute/folder}, or {@code s3://bucket/prefix}
 */
public record StorageConfig(URI uri) {
  static final ConfigOption<URI> URI_OPTION =
      ConfigOption.optional(
          "storage.uri",
          ValueType.scalar(StorageConfig::parseUri, URI::toString),
          "file:./lake",
          "Where change files go: file:<folder> for a local folder (relative to the config file's"
              + " folder). s3://bucket/prefix is not supported yet.");

  static final List<ConfigOption<?>> OPTIONS = List.of(URI_OPTION);

  public StorageConfig {
    requireNonNull(uri, "uri is null");
    if ("file".equals(uri.getScheme())) {
      if (uri.getPath() == null || !uri.getPath().startsWith("/")) {
        throw new IllegalArgumentException("a file: storage URI must be absolute: " + uri);
      }
    } else if (!"s3".equals(uri.getScheme())) {
      throw new IllegalArgumentException("storage URI must be file: or s3: " + uri);
    }
  }

  /** Local folder storage for an absolute or relative path. */
  public static StorageConfig local(Path folder) {
    return new StorageConfig(fileUri(folder.toAbsolutePath().normalize()));
  }

  public boolean isLocal() {
    return "file".equals(uri.getScheme());
  }

  /**
   * The local folder of {@code file:} storage.
   *
   * @throws IllegalStateException when the storage is not local
   */
  public Path localFolder() {
    if (!isLocal()) {
      throw new IllegalStateException("storage is not a local folder: " + uri);
    }
    return Path.of(uri);
  }

  static StorageConfig from(OptionValues values) {
    return new StorageConfig(values.get(URI_OPTION));
  }

  List<Map.Entry<String, String>> settings() {
    return List.of(URI_OPTION.show(uri));
  }

  private static URI parseUri(String text, ValueContext context) {
    String uri = text.strip();
    if (uri.startsWith("file:")) {
      String path = uri.substring("file:".length());
      if (path.isEmpty()) {
        throw new IllegalArgumentException("'" + uri + "' has no folder (write e.g. file:./lake)");
      }
      try {
        return fileUri(path.startsWith("//") ? Path.of(new URI(uri)) : context.resolve(path));
      } catch (URISyntaxException | IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "'" + uri + "' is not a valid file URI (write file:./lake or file:/absolute/folder)",
            e);
      }
    }
    if (uri.startsWith("s3://")) {
      if (uri.length() == "s3://".length() || uri.startsWith("s3:///")) {
        throw new IllegalArgumentException(
            "'" + uri + "' has no bucket (write s3://bucket/prefix)");
      }
      throw new IllegalArgumentException(
          "s3 storage is not supported yet (use file:<folder>, e.g. file:./lake)");
    }
    if (uri.matches("[a-zA-Z][a-zA-Z0-9+.-]*:.*")) {
      throw new IllegalArgumentException(
          "'" + uri + "' has an unknown scheme (use file:<folder> or s3://bucket/prefix)");
    }
    throw new IllegalArgumentException(
        "'" + uri + "' is not a storage URI (write file:" + uri + " for a local folder)");
  }

  private static URI fileUri(Path absolute) {
    try {
      return new URI("file", null, absolute.toString(), null);
    } catch (URISyntaxException | InvalidPathException e) {
      throw new IllegalArgumentException("cannot make a file URI of " + absolute, e);
    }
  }
}
