package dev.binlake.cli.config;

import static java.util.Objects.requireNonNull;

/**
 * A value that must never be printed, such as a password. {@link #toString()} shows {@code ******};
 * only {@link #reveal()} gives the text, to hand it to the client that needs it.
 */
public final class Secret {
  /** What every printout shows instead of the value. */
  public static final String MASK = "******";

  private final String value;

  private Secret(String value) {
    this.value = requireNonNull(value, "value is null");
  }

  public static Secret of(String value) {
    return new Secret(value);
  }

  /** The secret text: pass it to the client that needs it, never to a log or a message. */
  public String reveal() {
    return value;
  }

  public boolean isEmpty() {
    return value.isEmpty();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Secret secret && secret.value.equals(value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }

  @Override
  public String toString() {
    return MASK;
  }
}
