package io.mcdrop.runtime.calibration;

import io.mcdrop.errors.ErrorCode;
import io.mcdrop.errors.McdropException;
import java.util.Arrays;

/**
 * Split conformal thresholds: with n exchangeable calibration scores, the ⌈(n+1)(1−α)⌉-th smallest
 * is a threshold q such that a new score is ≤ q with probability ≥ 1 − α (Vovk et al.; Angelopoulos
 * and Bates 2021). The same quantile gives the acceptance thresholds behind the verdict.
 */
public final class SplitConformal {
  private SplitConformal() {}

  /** Rejects α outside (0, 1) with a message that says so. */
  public static void checkAlpha(double alpha) {
    if (!(alpha > 0 && alpha < 1)) {
      throw new McdropException(
          ErrorCode.BAD_OPTION, "alpha (miscoverage) must be in (0, 1), got " + alpha);
    }
  }

  /** ⌈(n+1)(1−α)⌉, the rank of the threshold among n sorted scores (1-based). */
  public static int rank(int n, double alpha) {
    checkAlpha(alpha);
    // guard against (19+1)*0.9 = 18.000000000000004 rounding up to 19
    return (int) Math.ceil((n + 1) * (1 - alpha) - 1e-9);
  }

  /** The fewest calibration scores for which the threshold exists at α: ⌈(n+1)(1−α)⌉ ≤ n. */
  public static int minimumSize(double alpha) {
    checkAlpha(alpha);
    int n = Math.max(1, (int) Math.floor((1 - alpha) / alpha) - 1);
    while (rank(n, alpha) > n) {
      n++;
    }
    return n;
  }

  /** Fails before any long work when {@code n} scores cannot give a threshold at α. */
  public static void checkSize(int n, double alpha) {
    if (n < minimumSize(alpha)) {
      throw new McdropException(
          ErrorCode.BAD_OPTION,
          "a conformal threshold at alpha "
              + alpha
              + " needs at least "
              + minimumSize(alpha)
              + " calibration images ((n+1)(1-alpha) <= n), got "
              + n);
    }
  }

  /** The ⌈(n+1)(1−α)⌉-th smallest of {@code scores}. */
  public static double threshold(double[] scores, double alpha) {
    checkSize(scores.length, alpha);
    double[] s = scores.clone();
    Arrays.sort(s);
    return s[rank(s.length, alpha) - 1];
  }

  /**
   * The value below which a new in-distribution value falls with probability ≥ {@code acceptance}:
   * the threshold at α = 1 − acceptance.
   */
  public static double acceptanceThreshold(double[] values, double acceptance) {
    return threshold(values, 1 - acceptance);
  }
}
