package io.mcdrop.metrics;

/** Proper scoring rules and accuracy over a set of predicted class distributions. */
public final class Scores {
  private Scores() {}

  /**
   * Probabilities are clipped to at least this before taking logs, so one zero cannot give +inf.
   */
  public static final double NLL_EPSILON = 1e-12;

  /** Mean negative log-likelihood of the true classes (natural log), with clipping. */
  public static double nll(double[][] probabilities, int[] labels) {
    double s = 0;
    for (int i = 0; i < labels.length; i++) {
      s -= Math.log(Math.max(NLL_EPSILON, probabilities[i][labels[i]]));
    }
    return s / labels.length;
  }

  /** Mean multi-class Brier score: sum over classes of (p_k - y_k)^2, averaged over samples. */
  public static double brier(double[][] probabilities, int[] labels) {
    double s = 0;
    for (int i = 0; i < labels.length; i++) {
      double[] p = probabilities[i];
      for (int k = 0; k < p.length; k++) {
        double y = k == labels[i] ? 1 : 0;
        s += (p[k] - y) * (p[k] - y);
      }
    }
    return s / labels.length;
  }

  public static double accuracy(double[][] probabilities, int[] labels) {
    int right = 0;
    for (int i = 0; i < labels.length; i++) {
      if (argmax(probabilities[i]) == labels[i]) {
        right++;
      }
    }
    return (double) right / labels.length;
  }

  public static int argmax(double[] p) {
    int best = 0;
    for (int k = 1; k < p.length; k++) {
      if (p[k] > p[best]) {
        best = k;
      }
    }
    return best;
  }
}
