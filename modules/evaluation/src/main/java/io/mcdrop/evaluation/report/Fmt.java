package io.mcdrop.evaluation.report;

import java.util.Locale;

/** Number formats shared by the text and Markdown reports; NaN prints as "n/a". */
public final class Fmt {
  private Fmt() {}

  public static String pct(double v) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, "%.2f%%", 100 * v) : "n/a";
  }

  public static String f3(double v) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, "%.3f", v) : "n/a";
  }

  public static String f4(double v) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, "%.4f", v) : "n/a";
  }

  public static String ms(double v) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, "%.3f ms", v) : "n/a";
  }

  /** Left-pads or right-pads {@code s} to {@code w} characters. */
  public static String pad(String s, int w, boolean left) {
    if (s.length() >= w) {
      return s;
    }
    String sp = " ".repeat(w - s.length());
    return left ? sp + s : s + sp;
  }
}
