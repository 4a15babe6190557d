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
