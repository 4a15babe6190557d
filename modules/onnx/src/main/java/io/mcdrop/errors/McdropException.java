package io.mcdrop.errors;

/**
 * The one exception type mcdrop's libraries throw for conditions a user can act on.
 *
 * <p>Messages say what was expected, what was found and, where possible, what to do.
 */
public class McdropException extends RuntimeException {
  private final ErrorCode code;

  public McdropException(ErrorCode code, String message) {
    super(message);
    this.code = code;
  }

  public McdropException(ErrorCode code, String message, Throwable cause) {
    super(message, cause);
    this.code = code;
  }

  public ErrorCode code() {
    return code;
  }
}
