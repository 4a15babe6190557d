package io.mcdrop.server.tensor;

/** Short renderings of client-supplied text for error messages. */
public final class Text {
  private static final int MAX = 40;

  private Text() {}

  /** {@code s} cut to a readable length. */
  public static String abbreviate(String s) {
    return s.length() > MAX ? s.substring(0, MAX) + "..." : s;
  }
}
