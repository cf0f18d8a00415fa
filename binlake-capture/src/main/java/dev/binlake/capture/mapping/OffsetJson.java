package dev.binlake.capture.mapping;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.binlake.api.BinlakeException;
import dev.binlake.api.ErrorCode;
import java.util.Arrays;
import java.util.Map;

/**
 * The engine's offset map as JSON text with sorted keys, so equal offsets serialize to equal text
 * (the sink compares them). One offset is written per captured row: flat maps of plain ASCII
 * strings, integers, booleans and nulls (what Debezium's binlog offsets hold) are written directly;
 * anything else goes through Jackson. Both paths give the same text.
 */
final class OffsetJson {
  private static final ObjectMapper JSON =
      new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

  // The key order of the last offset map, in its iteration order, and how to write it.
  private Object[] lastKeys = new Object[0];
  private int[] sorted;
  private String[] prefixes;
  private Object[] keys = new Object[0];
  private Object[] values = new Object[0];
  // Per sorted key: the last String value (by identity) and its JSON text. Offsets of one chunk
  // repeat long strings (the snapshot's table list and keys) as the same instances.
  private String[] lastText = new String[0];
  private String[] lastJson = new String[0];
  private final StringBuilder out = new StringBuilder(256);

  /** The JSON text of {@code offset}. Not thread-safe: it reuses the last map's key order. */
  String write(Map<String, ?> offset) {
    String fast = writeFlat(offset);
    return fast != null ? fast : withJackson(offset);
  }

  static String withJackson(Map<String, ?> offset) {
    try {
      return JSON.writeValueAsString(offset);
    } catch (JsonProcessingException e) {
      throw new BinlakeException(ErrorCode.INTERNAL, e, "Cannot serialize offset %s", offset);
    }
  }

  /** The JSON text, or null where Jackson must write it (other types, characters to escape). */
  private String writeFlat(Map<String, ?> offset) {
    int size = offset.size();
    if (keys.length != size) {
      keys = new Object[size];
      values = new Object[size];
    }
    int i = 0;
    for (Map.Entry<String, ?> entry : offset.entrySet()) {
      if (i == size) {
        return null;
      }
      keys[i] = entry.getKey();
      values[i++] = entry.getValue();
    }
    if (i != size) {
      return null;
    }
    if (!Arrays.equals(keys, lastKeys) && !learnKeys(keys.clone())) {
      return null;
    }
    out.setLength(0);
    for (int k = 0; k < size; k++) {
      out.append(prefixes[k]);
      Object value = values[sorted[k]];
      if (value == null) {
        out.append("null");
      } else if (value instanceof String text) {
        if (text != lastText[k]) {
          int start = out.length();
          if (!appendQuoted(text)) {
            return null;
          }
          lastText[k] = text;
          lastJson[k] = out.substring(start);
        } else {
          out.append(lastJson[k]);
        }
      } else if (value instanceof Long number) {
        out.append(number.longValue());
      } else if (value instanceof Integer number) {
        out.append(number.intValue());
      } else if (value instanceof Boolean flag) {
        out.append(flag.booleanValue());
      } else {
        return null;
      }
    }
    return out.append(size == 0 ? "{}" : "}").toString();
  }

  /** Sorts the keys (String order, as Jackson's TreeMap) and prepares their text. */
  private boolean learnKeys(Object[] newKeys) {
    lastKeys = new Object[0];
    for (Object key : newKeys) {
      if (!(key instanceof String text) || !isPlain(text)) {
        return false;
      }
    }
    Integer[] order = new Integer[newKeys.length];
    for (int i = 0; i < newKeys.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> ((String) newKeys[a]).compareTo((String) newKeys[b]));
    sorted = new int[newKeys.length];
    prefixes = new String[newKeys.length];
    lastText = new String[newKeys.length];
    lastJson = new String[newKeys.length];
    for (int i = 0; i < newKeys.length; i++) {
      sorted[i] = order[i];
      prefixes[i] = (i == 0 ? "{\"" : ",\"") + newKeys[order[i]] + "\":";
    }
    lastKeys = newKeys;
    return true;
  }

  /**
   * Appends printable ASCII text as a JSON string (quote and backslash escaped, as Jackson writes
   * them; the incremental snapshot's table list is JSON inside the offset). False for other text.
   */
  private boolean appendQuoted(String text) {
    if (isPlain(text)) {
      out.append('"').append(text).append('"');
      return true;
    }
    int start = out.length();
    out.append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x20 || c > 0x7e) {
        out.setLength(start);
        return false;
      }
      if (c == '"' || c == '\\') {
        out.append('\\');
      }
      out.append(c);
    }
    out.append('"');
    return true;
  }

  /** Printable ASCII without quote or backslash: the characters JSON writes unescaped. */
  private static boolean isPlain(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
        return false;
      }
    }
    return true;
  }
}
