package dev.binlake.capture.columns;

import dev.binlake.api.BinlakeException;
import dev.binlake.api.ErrorCode;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA-256 of a column value as 64 lower-case hex digits. The value is hashed as binlake stores
 * it: text as UTF-8, bytes as they are, decimals as plain digits ({@code 1.50}), other values
 * (integers, booleans, dates as days, times as microseconds) as Java prints them. Snapshot and
 * streamed rows give the same value, so equal source values give equal hashes. Not thread-safe: one
 * per mapper.
 */
public final class ColumnHash {
  private static final String ALGORITHM = "HmacSHA256";
  private final Mac mac;

  ColumnHash(byte[] key) {
    try {
      mac = Mac.getInstance(ALGORITHM);
      mac.init(new SecretKeySpec(key.length == 0 ? new byte[1] : key, ALGORITHM));
    } catch (GeneralSecurityException e) {
      throw new BinlakeException(ErrorCode.INTERNAL, e, "Cannot set up %s", ALGORITHM);
    }
  }

  /** The hash of a non-null value. */
  public String apply(Object value) {
    return HexFormat.of().formatHex(mac.doFinal(bytes(value)));
  }

  private static byte[] bytes(Object value) {
    if (value instanceof byte[] array) {
      return array;
    }
    if (value instanceof ByteBuffer buffer) {
      ByteBuffer copy = buffer.duplicate();
      byte[] array = new byte[copy.remaining()];
      copy.get(array);
      return array;
    }
    if (value instanceof BigDecimal decimal) {
      return decimal.toPlainString().getBytes(StandardCharsets.UTF_8);
    }
    return value.toString().getBytes(StandardCharsets.UTF_8);
  }
}
