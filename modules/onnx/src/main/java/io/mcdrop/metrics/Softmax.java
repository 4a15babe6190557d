package io.mcdrop.metrics;

/**
 * Numerically stable softmax over rows of a flat array, with an optional logit temperature. The
 * training loop's evaluation, the runtime's sampling and the evaluation module all use this one.
 */
public final class Softmax {
  private Softmax() {}

  /** Softmax of {@code logits[offset, offset+k)} into {@code out[offset..]} (may alias). */
  public static void apply(float[] logits, int offset, int k, float[] out) {
    apply(logits, offset, k, out, 1.0);
  }

  /**
   * Softmax of {@code logits[offset, offset+k) / temperature} into {@code out[offset..]} (may
   * alias). No allocation: the sampling hot path calls it once per sample.
   */
  public static void apply(float[] logits, int offset, int k, float[] out, double temperature) {
    double inv = 1.0 / temperature;
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < k; i++) {
      max = Math.max(max, logits[offset + i]);
    }
    double sum = 0;
    for (int i = 0; i < k; i++) {
      double e = Math.exp((logits[offset + i] - max) * inv);
      out[offset + i] = (float) e;
      sum += e;
    }
    double norm = 1.0 / sum;
    for (int i = 0; i < k; i++) {
      out[offset + i] = (float) (out[offset + i] * norm);
    }
  }

  /**
   * Adds {@code weight} × softmax({@code logits[offset, offset+k)}) to {@code sum}, in double
   * precision (averaging MC samples without rounding each one to float).
   */
  public static void accumulate(float[] logits, int offset, int k, double weight, double[] sum) {
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < k; i++) {
      max = Math.max(max, logits[offset + i]);
    }
    double z = 0;
    for (int i = 0; i < k; i++) {
      z += Math.exp(logits[offset + i] - max);
    }
    for (int i = 0; i < k; i++) {
      sum[i] += Math.exp(logits[offset + i] - max) / z * weight;
    }
  }

  /** Softmax of one row of doubles, as a new array. */
  public static double[] of(double[] logits) {
    double max = Double.NEGATIVE_INFINITY;
    for (double v : logits) {
      max = Math.max(max, v);
    }
    double[] out = new double[logits.length];
    double sum = 0;
    for (int i = 0; i < logits.length; i++) {
      out[i] = Math.exp(logits[i] - max);
      sum += out[i];
    }
    for (int i = 0; i < out.length; i++) {
      out[i] /= sum;
    }
    return out;
  }
}
