package io.mcdrop.trainer.arch;

import java.util.Locale;

/**
 * One element of a spec block, e.g. {@code conv32} or {@code drop0.5}.
 *
 * @param size channels (conv, res), units (fc) or window (pools); 0 where meaningless
 * @param kernel convolution kernel size (conv only; default 3)
 * @param stride convolution or residual-block stride (default 1)
 * @param rate dropout rate (drop, sdrop, and the dropout inside res)
 * @param spatial whether a residual block's inner dropout is spatial
 * @param position 0-based character offset in the spec text (-1 if made in code)
 */
public record Token(
    Kind kind, int size, int kernel, int stride, double rate, boolean spatial, int position) {
  /** Token kinds and their syntax. */
  public enum Kind {
    /** {@code conv<C>[k<K>][s<S>]}, "same" padding k/2. */
    CONV,
    BN,
    RELU,
    /** {@code pool[<K>]}: max pooling, window = stride (default 2). */
    MAXPOOL,
    /** {@code avgpool[<K>]}: window = stride (default 2). */
    AVGPOOL,
    /** {@code gap}: global average pooling. */
    GAP,
    FLATTEN,
    /** {@code drop<p>}: element-wise dropout. */
    DROP,
    /** {@code sdrop<p>}: spatial (channel) dropout. */
    SDROP,
    /** {@code fc<N>}. */
    FC,
    /** {@code res<C>[s<S>][d<p>|sd<p>]}: wide-ResNet block. */
    RES
  }

  public static Token of(Kind kind) {
    return new Token(kind, 0, 0, 1, 0, false, -1);
  }

  public static Token conv(int channels, int kernel, int stride) {
    return new Token(Kind.CONV, channels, kernel, stride, 0, false, -1);
  }

  public static Token pool(Kind kind, int window) {
    return new Token(kind, window, 0, 1, 0, false, -1);
  }

  public static Token drop(double rate, boolean spatial) {
    return new Token(spatial ? Kind.SDROP : Kind.DROP, 0, 0, 1, rate, spatial, -1);
  }

  public static Token fc(int units) {
    return new Token(Kind.FC, units, 0, 1, 0, false, -1);
  }

  public static Token res(int channels, int stride, double rate, boolean spatial) {
    return new Token(Kind.RES, channels, 3, stride, rate, spatial, -1);
  }

  public boolean isDropout() {
    return kind == Kind.DROP || kind == Kind.SDROP;
  }

  /** A copy with another dropout rate and kind (for residual blocks' inner dropout). */
  public Token withInnerDropout(double newRate, boolean newSpatial) {
    return new Token(kind, size, kernel, stride, newRate, newSpatial, position);
  }

  /** The canonical text of this token; parsing it gives an equal token (up to position). */
  public String text() {
    return switch (kind) {
      case CONV ->
          "conv" + size + (kernel != 3 ? "k" + kernel : "") + (stride != 1 ? "s" + stride : "");
      case BN -> "bn";
      case RELU -> "relu";
      case MAXPOOL -> size == 2 ? "pool" : "pool" + size;
      case AVGPOOL -> size == 2 ? "avgpool" : "avgpool" + size;
      case GAP -> "gap";
      case FLATTEN -> "flatten";
      case DROP -> "drop" + rateText(rate);
      case SDROP -> "sdrop" + rateText(rate);
      case FC -> "fc" + size;
      case RES ->
          "res"
              + size
              + (stride != 1 ? "s" + stride : "")
              + (rate > 0 ? (spatial ? "sd" : "d") + rateText(rate) : "");
    };
  }

  static String rateText(double r) {
    String s = String.format(Locale.ROOT, "%.4f", r).replaceAll("0+$", "");
    return s.endsWith(".") ? s + "0" : s;
  }
}
