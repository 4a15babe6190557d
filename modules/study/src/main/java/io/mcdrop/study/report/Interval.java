package io.mcdrop.study.report;

import java.util.Arrays;
import java.util.Locale;

/**
 * A mean over seeds with its two-sided 95 % Student-t confidence interval, {@code mean ± t(0.975,
 * n-1) · s / √n}, and the values it came from. With one value the interval is unknown (NaN bounds).
 * Non-finite values (a metric a seed could not measure) are left out.
 */
public record Interval(double mean, double lo, double hi, double[] values) {
  public Interval {
    values = values.clone();
  }

  public static Interval of(double... xs) {
    double[] v = Arrays.stream(xs).filter(Double::isFinite).toArray();
    int n = v.length;
    if (n == 0) {
      return new Interval(Double.NaN, Double.NaN, Double.NaN, v);
    }
    double mean = Arrays.stream(v).average().orElseThrow();
    if (n == 1) {
      return new Interval(mean, Double.NaN, Double.NaN, v);
    }
    double ss = 0;
    for (double x : v) {
      ss += (x - mean) * (x - mean);
    }
    double sd = Math.sqrt(ss / (n - 1));
    double half = StudentT.quantile975(n - 1) * sd / Math.sqrt(n);
    return new Interval(mean, mean - half, mean + half, v);
  }

  public int n() {
    return values.length;
  }

  /** Half the interval's width (NaN when unknown). */
  public double halfWidth() {
    return (hi - lo) / 2;
  }

  public boolean known() {
    return Double.isFinite(lo) && Double.isFinite(hi);
  }

  /**
   * Whether the two intervals overlap. Unknown intervals (one seed) are taken to overlap: with one
   * seed no difference can be told apart from seed-to-seed noise.
   */
  public boolean overlaps(Interval o) {
    if (!known() || !o.known()) {
      return true;
    }
    return lo <= o.hi && o.lo <= hi;
  }

  /** {@code 87.31 ± 0.42} after multiplying by {@code scale}, or the mean alone for one value. */
  public String text(double scale, int decimals) {
    if (!Double.isFinite(mean)) {
      return "n/a";
    }
    String f = "%." + decimals + "f";
    String m = String.format(Locale.ROOT, f, scale * mean);
    return known() ? m + " ± " + String.format(Locale.ROOT, f, scale * halfWidth()) : m;
  }
}
