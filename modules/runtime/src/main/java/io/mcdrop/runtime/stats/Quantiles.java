package io.mcdrop.runtime.stats;

/**
 * Sample quantiles by selection (Hoare's quickselect on the first {@code n} values, which it
 * reorders), linear interpolation between order statistics (type 7, NumPy's default): the same
 * numbers as sorting, in linear expected time.
 */
final class Quantiles {
  private Quantiles() {}

  /** The {@code q} quantile of {@code data[0, n)}; reorders that range. */
  static double of(double[] data, int n, double q) {
    if (n == 1) {
      return data[0];
    }
    double pos = q * (n - 1);
    int lo = (int) Math.floor(pos);
    double a = select(data, n, lo);
    if (lo + 1 >= n || pos == lo) {
      return a;
    }
    // after select(lo), everything right of lo is >= data[lo]: the next order statistic is its min
    double b = Double.POSITIVE_INFINITY;
    for (int i = lo + 1; i < n; i++) {
      b = Math.min(b, data[i]);
    }
    return a + (pos - lo) * (b - a);
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
