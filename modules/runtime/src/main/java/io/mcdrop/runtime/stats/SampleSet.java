package io.mcdrop.runtime.stats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The probability vectors drawn so far for one input, with the running sums adaptive sampling
 * needs. Not thread-safe: one per input per request.
 */
public final class SampleSet {
  private final int classes;
  private final List<float[]> samples = new ArrayList<>();
  private final double[] sum;
  private final double[] sumSq;

  public SampleSet(int classes) {
    this.classes = classes;
    this.sum = new double[classes];
    this.sumSq = new double[classes];
  }

  /** Adds one probability vector (copied). */
  public void add(float[] probabilities, int offset) {
    float[] p = Arrays.copyOfRange(probabilities, offset, offset + classes);
    samples.add(p);
    for (int k = 0; k < classes; k++) {
      sum[k] += p[k];
      sumSq[k] += (double) p[k] * p[k];
    }
  }

  public int size() {
    return samples.size();
  }

  public int classes() {
    return classes;
  }

  public List<float[]> samples() {
    return samples;
  }

  /** The largest standard error of the mean class probabilities (infinite below 2 samples). */
  public double maxStandardError() {
    int n = samples.size();
    if (n < 2) {
      return Double.POSITIVE_INFINITY;
    }
    double worst = 0;
    for (int k = 0; k < classes; k++) {
      double mean = sum[k] / n;
      double var = Math.max(0, (sumSq[k] - n * mean * mean) / (n - 1));
      worst = Math.max(worst, Math.sqrt(var / n));
    }
    return worst;
  }
}
