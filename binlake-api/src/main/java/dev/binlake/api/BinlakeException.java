package dev.binlake.api;

import static java.util.Objects.requireNonNull;

/**
 * binlake's one unchecked exception. Messages read "Cannot &lt;do X&gt;: &lt;why&gt; (&lt;what to
 * do&gt;)" and never contain secrets.
 */
public class BinlakeException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ErrorCode code;

  public BinlakeException(ErrorCode code, String format, Object... args) {
    super(String.format(format, args));
    this.code = requireNonNull(code, "code is null");
  }

  public BinlakeException(ErrorCode code, Throwable cause, String format, Object... args) {
    super(String.format(format, args), cause);
    this.code = requireNonNull(code, "code is null");
  }

  public ErrorCode code() {
    return code;
  }
}
