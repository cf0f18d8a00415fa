package dev.binlake.api;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where change files live: a local folder or an S3 bucket. Keys use {@code /} as separator. An
 * object is visible only once it is whole and durable; putting the same key again replaces it.
 */
public interface ObjectStore extends AutoCloseable {
  /** The bucket name that "Object Created" events carry. */
  String bucket();

  /** Stores the local file under {@code key}, whole and durable when this returns. */
  StoredObject put(String key, Path file);

  /** Reads an object; throws {@link BinlakeException} with {@link ErrorCode#OBJECT_NOT_FOUND}. */
  InputStream open(String key);

  /** All objects whose key starts with {@code prefix}, ordered by key. */
  List<StoredObject> list(String prefix);

  Optional<StoredObject> stat(String key);

  /** The object as a local file when the store is a local folder, so readers can skip a copy. */
  default Optional<Path> localPath(String key) {
    return Optional.empty();
  }

  @Override
  default void close() {}
}
