package dev.binlake.storage;

import dev.binlake.api.BinlakeException;
import dev.binlake.api.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;

/**
 * Rules for object keys: relative, {@code /}-separated, no empty, {@code .} or {@code ..} segment,
 * no backslash or NUL; and S3's listing order (by the key's UTF-8 bytes).
 */
public final class ObjectKeys {
  /** S3 lists keys in UTF-8 binary order, which differs from {@link String#compareTo}. */
  public static final Comparator<String> S3_ORDER =
      (a, b) ->
          Arrays.compareUnsigned(
              a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));

  private ObjectKeys() {}

  /** Returns {@code key} when it is a valid key; throws STORAGE_FAILED saying why otherwise. */
  public static String requireValid(String key) {
    String problem = problemWithKey(key);
    if (problem != null) {
      throw new BinlakeException(
          ErrorCode.STORAGE_FAILED,
          "Cannot use object key '%s': %s (use a relative key like cdc/shop/orders/file.parquet)",
          key,
          problem);
    }
    return key;
  }

  /**
   * Returns {@code prefix} when it could start a valid key: its complete segments (all but the text
   * after the last {@code /}) are valid; throws STORAGE_FAILED otherwise.
   */
  public static String requireValidPrefix(String prefix) {
    if (prefix == null) {
      throw new BinlakeException(
          ErrorCode.STORAGE_FAILED, "Cannot list objects: prefix is null (use \"\" for all)");
    }
    int lastSlash = prefix.lastIndexOf('/');
    String problem = null;
    if (prefix.startsWith("/")) {
      problem = "it is absolute";
    } else if (prefix.indexOf('\\') >= 0 || prefix.indexOf('\0') >= 0) {
      problem = "it contains a backslash or NUL character";
    } else if (lastSlash >= 0) {
      problem = problemWithKey(prefix.substring(0, lastSlash));
    }
    if (problem != null) {
      throw new BinlakeException(
          ErrorCode.STORAGE_FAILED,
          "Cannot list objects under prefix '%s': %s (use a relative prefix like cdc/shop/)",
          prefix,
          problem);
    }
    return prefix;
  }

  private static String problemWithKey(String key) {
    if (key == null || key.isEmpty()) {
      return "it is empty";
    }
    if (key.startsWith("/")) {
      return "it is absolute";
    }
    if (key.indexOf('\\') >= 0 || key.indexOf('\0') >= 0) {
      return "it contains a backslash or NUL character";
    }
    for (String segment : key.split("/", -1)) {
      if (segment.isEmpty()) {
        return "it has an empty path segment";
      }
      if (segment.equals(".") || segment.equals("..")) {
        return "it has a '" + segment + "' segment";
      }
      if (LocalObjectStore.isTempFileName(segment)) {
        return "its names look like binlake's temporary files (.<name>.tmp-<random>)";
      }
    }
    return null;
  }
}
