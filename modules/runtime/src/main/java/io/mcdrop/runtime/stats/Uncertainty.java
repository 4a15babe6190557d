package io.mcdrop.runtime.stats;

import io.mcdrop.metrics.Softmax;
import io.mcdrop.runtime.verdict.Verdict;
import io.mcdrop.runtime.verdict.VerdictPolicy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/** Turns a set of sampled probability vectors into a {@link Prediction}. */
public final class Uncertainty {
  private Uncertainty() {}

  /** With the default verdict thresholds; the strategy is reported from the sample count. */
  public static Prediction summarize(
      SampleSet set, List<String> labels, int topK, boolean keepRaw) {
    return summarize(
        set, labels, topK, keepRaw, VerdictPolicy.DEFAULT, set.size() > 1 ? "sampled" : null);
  }

  /**
   * The prediction for one input's samples.
   *
   * @param strategy the strategy that drew them (reported); {@code deterministic} when one sample
   */
  public static Prediction summarize(
      SampleSet set,
      List<String> labels,
      int topK,
      boolean keepRaw,
      VerdictPolicy policy,
      String strategy) {
    int t = set.size();
    int k = set.classes();
    if (t == 0) {
      throw new IllegalArgumentException("no samples");
    }
    double[] mean = new double[k];
    double expectedEntropy = 0;
    int[] votes = new int[k];
    for (float[] p : set.samples()) {
      int best = 0;
      for (int c = 0; c < k; c++) {
        mean[c] += p[c];
        if (p[c] > p[best]) {
          best = c;
        }
      }
      votes[best]++;
      expectedEntropy += entropy(p);
    }
    for (int c = 0; c < k; c++) {
      mean[c] /= t;
    }
    expectedEntropy /= t;
    double[] std = new double[k];
    double[] lower = new double[k];
    double[] upper = new double[k];
    double[] column = new double[t];
    for (int c = 0; c < k; c++) {
      double ss = 0;
      for (int i = 0; i < t; i++) {
        column[i] = set.samples().get(i)[c];
        double d = column[i] - mean[c];
        ss += d * d;
      }
      std[c] = t > 1 ? Math.sqrt(ss / (t - 1)) : 0.0;
      Arrays.sort(column);
      lower[c] = quantile(column, 0.025);
      upper[c] = quantile(column, 0.975);
    }
    int index = argmax(mean);
    double entropy = entropy(mean);
    // Rounding can make H[mean] a hair smaller than the mean of H: information is never negative.
    double mi = Math.max(0.0, entropy - expectedEntropy);
    int modal = Arrays.stream(votes).max().orElse(0);
    double variationRatio = 1.0 - (double) modal / t;
    List<Prediction.ClassScore> top = topK(mean, std, labels, topK);
    float[][] raw = keepRaw ? set.samples().toArray(new float[0][]) : null;
    boolean sampled = t > 1;
    Verdict verdict = policy.judge(sampled, mean[index], entropy, expectedEntropy, mi);
    return new Prediction(
        index,
        label(labels, index),
        mean,
        std,
        lower,
        upper,
        entropy,
        expectedEntropy,
        mi,
        variationRatio,
        t,
        top,
        raw,
        sampled,
        verdict,
        sampled ? strategy : "deterministic");
  }

  /** Shannon entropy in nats; 0 log 0 = 0. */
  public static double entropy(double[] p) {
    double h = 0;
    for (double v : p) {
      if (v > 0) {
        h -= v * Math.log(v);
      }
    }
    return h;
  }

  static double entropy(float[] p) {
    double h = 0;
    for (float v : p) {
      if (v > 0) {
        h -= v * Math.log(v);
      }
    }
    return h;
  }

  /** Linear-interpolation quantile of sorted data (type 7, NumPy's default). */
  public static double quantile(double[] sorted, double q) {
    if (sorted.length == 1) {
      return sorted[0];
    }
    double pos = q * (sorted.length - 1);
    int lo = (int) Math.floor(pos);
    int hi = Math.min(lo + 1, sorted.length - 1);
    return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
  }

  /** Numerically stable softmax of {@code logits[offset, offset+k)} into {@code out[offset..]}. */
  public static void softmax(float[] logits, int offset, int k, float[] out) {
    Softmax.apply(logits, offset, k, out);
  }

  static int argmax(double[] v) {
    int best = 0;
    for (int i = 1; i < v.length; i++) {
      if (v[i] > v[best]) {
        best = i;
      }
    }
    return best;
  }

  static String label(List<String> labels, int i) {
    return labels != null && i < labels.size() ? labels.get(i) : Integer.toString(i);
  }

  private static List<Prediction.ClassScore> topK(
      double[] mean, double[] std, List<String> labels, int k) {
    List<Integer> idx = new ArrayList<>();
    for (int i = 0; i < mean.length; i++) {
      idx.add(i);
    }
    idx.sort(Comparator.comparingDouble((Integer i) -> -mean[i]).thenComparingInt(i -> i));
    List<Prediction.ClassScore> out = new ArrayList<>();
    for (int i = 0; i < Math.min(k, mean.length); i++) {
      int c = idx.get(i);
      out.add(new Prediction.ClassScore(c, label(labels, c), mean[c], std[c]));
    }
    return out;
  }
}
