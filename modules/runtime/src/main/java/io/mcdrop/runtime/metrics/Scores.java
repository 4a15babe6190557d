package io.mcdrop.runtime.metrics;

/**
 * @deprecated moved to {@link io.mcdrop.metrics.Scores}.
 */
@Deprecated
public final class Scores {
  private Scores() {}

  public static final double NLL_EPSILON = io.mcdrop.metrics.Scores.NLL_EPSILON;

  public static double nll(double[][] probabilities, int[] labels) {
    return io.mcdrop.metrics.Scores.nll(probabilities, labels);
  }

  public static double brier(double[][] probabilities, int[] labels) {
    return io.mcdrop.metrics.Scores.brier(probabilities, labels);
  }

  public static double accuracy(double[][] probabilities, int[] labels) {
    return io.mcdrop.metrics.Scores.accuracy(probabilities, labels);
  }

  public static int argmax(double[] p) {
    return io.mcdrop.metrics.Scores.argmax(p);
  }
}
