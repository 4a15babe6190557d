package io.mcdrop.runtime.stats;

import io.mcdrop.metrics.Entropy;
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
    // One pass over the flat sample array for the means and the votes, one for the spread;
    // the 2.5 / 97.5 % quantiles from one branch-free pass per class (Quantiles.tails), else by
    // selection on one reused column; never by sorting.
    float[] v = set.values();
    double[] mean = new double[k];
    int[] votes = new int[k];
    for (int i = 0; i < t; i++) {
      int o = i * k;
      int best = 0;
      for (int c = 1; c < k; c++) {
        if (v[o + c] > v[o + best]) {
          best = c;
        }
      }
      votes[best]++;
    }
    for (int c = 0; c < k; c++) {
      mean[c] = set.sum(c) / t;
    }
    double expectedEntropy = set.meanEntropy();
    double[] std = new double[k];
    double[] lower = new double[k];
    double[] upper = new double[k];
    double[] column = null;
    double[] tails = new double[2];
    for (int c = 0; c < k; c++) {
      double ss = 0;
      for (int i = 0; i < t; i++) {
        double d = v[i * k + c] - mean[c];
        ss += d * d;
      }
      std[c] = t > 1 ? Math.sqrt(ss / (t - 1)) : 0.0;
      if (Quantiles.tails(v, c, k, t, 0.025, 0.975, tails)) {
        lower[c] = tails[0];
        upper[c] = tails[1];
        continue;
      }
      if (column == null) {
        column = new double[t];
      }
      for (int i = 0; i < t; i++) {
        column[i] = v[i * k + c];
      }
      lower[c] = Quantiles.of(column, t, 0.025);
      upper[c] = Quantiles.of(column, t, 0.975);
    }
    int index = argmax(mean);
    double entropy = entropy(mean);
    if (t == 1) {
      // one sample: nothing to disagree about, by definition (not by rounding)
      expectedEntropy = entropy;
    }
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
    return Entropy.of(p);
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
