package io.mcdrop.runtime.stats;

import io.mcdrop.metrics.Entropy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The probability vectors drawn so far for one input, back to back in one primitive array, with the
 * running sums adaptive sampling needs and each sample's entropy (computed where the softmax is,
 * from the logits, with one logarithm per sample). Not thread-safe: one per input per request.
 */
public final class SampleSet {
  private final int classes;
  private float[] values;
  private int size;
  private final double[] sum;
  private final double[] sumSq;
  private double entropySum;

  public SampleSet(int classes) {
    this(classes, 32);
  }

  /** With room for {@code expected} samples before it grows. */
  public SampleSet(int classes, int expected) {
    this.classes = classes;
    this.values = new float[classes * Math.max(1, expected)];
    this.sum = new double[classes];
    this.sumSq = new double[classes];
  }

  /** Adds one probability vector (copied); its entropy is computed here. */
  public void add(float[] probabilities, int offset) {
    add(probabilities, offset, entropy(probabilities, offset, classes));
  }

  /** Adds one probability vector (copied) whose entropy (nats) the caller already knows. */
  public void add(float[] probabilities, int offset, double entropy) {
    if ((size + 1) * classes > values.length) {
      values = Arrays.copyOf(values, values.length * 2);
    }
    System.arraycopy(probabilities, offset, values, size * classes, classes);
    for (int k = 0; k < classes; k++) {
      double p = probabilities[offset + k];
      sum[k] += p;
      sumSq[k] += p * p;
    }
    entropySum += entropy;
    size++;
  }

  /**
   * Adds {@code count} probability vectors stored back to back from {@code probabilities[offset]}
   * (copied), whose entropies are {@code entropy[from, from + count)}: the same sums as adding them
   * one by one, in the same order.
   */
  public void addAll(float[] probabilities, int offset, int count, double[] entropy, int from) {
    int need = (size + count) * classes;
    if (need > values.length) {
      values = Arrays.copyOf(values, Math.max(need, values.length * 2));
    }
    System.arraycopy(probabilities, offset, values, size * classes, count * classes);
    for (int t = 0; t < count; t++) {
      int o = offset + t * classes;
      for (int k = 0; k < classes; k++) {
        double p = probabilities[o + k];
        sum[k] += p;
        sumSq[k] += p * p;
      }
      entropySum += entropy[from + t];
    }
    size += count;
  }

  public int size() {
    return size;
  }

  public int classes() {
    return classes;
  }

  /** Probability of class {@code k} in sample {@code t}. */
  public float get(int t, int k) {
    return values[t * classes + k];
  }

  /** The samples back to back: {@code [t * classes + k]}, {@code size() * classes} values. */
  float[] values() {
    return values;
  }

  /** Sum over samples of each class's probability. */
  double sum(int k) {
    return sum[k];
  }

  /** Mean entropy of the samples (aleatoric uncertainty). */
  public double meanEntropy() {
    return size == 0 ? Double.NaN : entropySum / size;
  }

  /** The samples as separate vectors (copies). */
  public List<float[]> samples() {
    List<float[]> out = new ArrayList<>(size);
    for (int t = 0; t < size; t++) {
      out.add(Arrays.copyOfRange(values, t * classes, (t + 1) * classes));
    }
    return out;
  }

  /** The largest standard error of the mean class probabilities (infinite below 2 samples). */
  public double maxStandardError() {
    int n = size;
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

  /** Shannon entropy (nats) of {@code p[offset, offset+k)}; 0 log 0 = 0. */
  static double entropy(float[] p, int offset, int k) {
    return Entropy.of(p, offset, k);
  }
}
