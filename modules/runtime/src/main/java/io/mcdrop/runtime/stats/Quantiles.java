package io.mcdrop.runtime.stats;

/**
 * Sample quantiles by selection, linear interpolation between order statistics (type 7, NumPy's
 * default): the same numbers as sorting, in linear expected time. Order statistics near either end
 * (the 2.5 % and 97.5 % quantiles of up to a few hundred samples) come from one scan keeping the
 * few smallest or largest values; others from Hoare's quickselect on the first {@code n} values,
 * which it reorders.
 */
final class Quantiles {
  private Quantiles() {}

  /** Order statistics this close to either end are found in one scan, not by selection. */
  static final int NEAR_END = 8;

  /** Order statistics this close to either end come from {@link #tails}' registers. */
  static final int IN_REGISTERS = 4;

  /**
   * The {@code qLow} (≤ 0.5) and {@code qHigh} (≥ 0.5) quantiles of the floats {@code v[offset + i
   * * stride]}, {@code i < n} (one class's column of a sample array) into {@code out[0]} and {@code
   * out[1]}, when both need only order statistics among the 4 smallest or 4 largest (2.5 % and 97.5
   * % for up to 120 samples): one pass that keeps those 8 in registers and moves each value through
   * them by arithmetic, without a branch (on fresh samples the comparisons are coin flips, and
   * mispredictions and a buffer in memory made the scans {@link #of} does twice as slow, measured).
   * The same numbers as {@link #of} on the values as doubles; −0 orders below +0. Returns false,
   * without writing, when the quantiles need other order statistics.
   */
  static boolean tails(
      float[] v, int offset, int stride, int n, double qLow, double qHigh, double[] out) {
    double posLow = qLow * (n - 1);
    int lowLo = (int) Math.floor(posLow);
    double posHigh = qHigh * (n - 1);
    int highLo = (int) Math.floor(posHigh);
    if (n < 2 || lowLo + 1 >= IN_REGISTERS || n - highLo > IN_REGISTERS) {
      return false;
    }
    long s0 = NONE;
    long s1 = NONE;
    long s2 = NONE;
    long s3 = NONE;
    long g0 = -NONE;
    long g1 = -NONE;
    long g2 = -NONE;
    long g3 = -NONE;
    for (int i = 0; i < n; i++) {
      long x = key(v[offset + i * stride]);
      long y = x;
      long d;
      // smallest, ascending: where y < s, swap them (d = y − s < 0)
      d = y - s0;
      d &= d >> 63;
      s0 += d;
      y -= d;
      d = y - s1;
      d &= d >> 63;
      s1 += d;
      y -= d;
      d = y - s2;
      d &= d >> 63;
      s2 += d;
      y -= d;
      d = y - s3;
      d &= d >> 63;
      s3 += d;
      // largest, descending: where x > g, swap them (d = g − x < 0)
      d = g0 - x;
      d &= d >> 63;
      g0 -= d;
      x += d;
      d = g1 - x;
      d &= d >> 63;
      g1 -= d;
      x += d;
      d = g2 - x;
      d &= d >> 63;
      g2 -= d;
      x += d;
      d = g3 - x;
      d &= d >> 63;
      g3 -= d;
    }
    long[] least = {s0, s1, s2, s3};
    long[] most = {g0, g1, g2, g3};
    out[0] = interpolate(posLow, lowLo, n, least, false);
    out[1] = interpolate(posHigh, highLo, n, most, true);
    return true;
  }

  /** Type-7 interpolation between order statistics lo and lo + 1, read from an end buffer. */
  private static double interpolate(double pos, int lo, int n, long[] end, boolean fromTop) {
    boolean between = lo + 1 < n && pos != lo;
    int last = between ? lo + 1 : lo;
    double a = value(end[fromTop ? n - 1 - lo : lo]);
    double b = value(end[fromTop ? n - 1 - last : last]);
    return between ? a + (pos - lo) * (b - a) : a;
  }

  /**
   * Above every {@link #key}: an empty slot of the smallest values (its negation, of the largest).
   */
  private static final long NONE = 1L << 40;

  /** A float's bits as a signed int that orders like the float (the map is its own inverse). */
  private static long key(float f) {
    int bits = Float.floatToRawIntBits(f);
    return bits ^ ((bits >> 31) & 0x7fffffff);
  }

  private static double value(long key) {
    int k = (int) key;
    return Float.intBitsToFloat(k ^ ((k >> 31) & 0x7fffffff));
  }

  /** The {@code q} quantile of {@code data[0, n)}; may reorder that range. */
  static double of(double[] data, int n, double q) {
    if (n == 1) {
      return data[0];
    }
    double pos = q * (n - 1);
    int lo = (int) Math.floor(pos);
    boolean interpolate = lo + 1 < n && pos != lo;
    int last = interpolate ? lo + 1 : lo;
    double a;
    double b;
    if (last < NEAR_END) {
      double[] least = nearEnd(data, n, last + 1, false);
      a = least[lo];
      b = least[last];
    } else if (n - lo <= NEAR_END) {
      double[] most = nearEnd(data, n, n - lo, true);
      a = most[n - 1 - lo];
      b = most[n - 1 - last];
    } else {
      a = select(data, n, lo);
      if (!interpolate) {
        return a;
      }
      // after select(lo), everything right of lo is >= data[lo]: the next order statistic is its
      // min
      b = Double.POSITIVE_INFINITY;
      for (int i = lo + 1; i < n; i++) {
        b = Math.min(b, data[i]);
      }
    }
    return interpolate ? a + (pos - lo) * (b - a) : a;
  }

  /**
   * The {@code m} smallest values of {@code data[0, n)} in ascending order, or with {@code largest}
   * the m largest in descending order: one scan with a sorted buffer of m.
   */
  static double[] nearEnd(double[] data, int n, int m, boolean largest) {
    double[] buf = new double[m];
    int count = 0;
    for (int i = 0; i < n; i++) {
      double x = data[i];
      if (count == m && !(largest ? x > buf[m - 1] : x < buf[m - 1])) {
        continue;
      }
      int j = count == m ? m - 1 : count++;
      while (j > 0 && (largest ? buf[j - 1] < x : buf[j - 1] > x)) {
        buf[j] = buf[j - 1];
        j--;
      }
      buf[j] = x;
    }
    return buf;
  }

  /** The {@code k}-th smallest of {@code data[0, n)}, leaving smaller ones left of k. */
  static double select(double[] data, int n, int k) {
    int left = 0;
    int right = n - 1;
    while (right > left) {
      double pivot = data[(left + right) >>> 1];
      int i = left;
      int j = right;
      while (i <= j) {
        while (data[i] < pivot) {
          i++;
        }
        while (data[j] > pivot) {
          j--;
        }
        if (i <= j) {
          double tmp = data[i];
          data[i] = data[j];
          data[j] = tmp;
          i++;
          j--;
        }
      }
      if (k <= j) {
        right = j;
      } else if (k >= i) {
        left = i;
      } else {
        return data[k];
      }
    }
    return data[k];
  }
}
