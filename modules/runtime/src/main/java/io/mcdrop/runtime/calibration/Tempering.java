package io.mcdrop.runtime.calibration;

import io.mcdrop.runtime.stats.Prediction;
import io.mcdrop.runtime.stats.SampleSet;
import io.mcdrop.runtime.stats.Uncertainty;
import java.util.List;

/** Temperature-scaled softmax, the one arithmetic every calibrated probability goes through. */
public final class Tempering {
  private Tempering() {}

  /** softmax(z * inverseTemperature) of {@code z[offset, offset+k)} into {@code out[0, k)}. */
  public static void softmax(
      float[] z, int offset, int k, double inverseTemperature, double[] out) {
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < k; i++) {
      max = Math.max(max, z[offset + i]);
    }
    double sum = 0;
    for (int i = 0; i < k; i++) {
      double e = Math.exp((z[offset + i] - max) * inverseTemperature);
      out[i] = e;
      sum += e;
    }
    for (int i = 0; i < k; i++) {
      out[i] /= sum;
    }
  }

  /**
   * Re-tempers a probability vector: softmax(log p / T), which equals softmax(z / T) for the logits
   * z that gave p. Zeros stay zero.
   */
  public static float[] temper(float[] p, double temperature) {
    float[] out = new float[p.length];
    if (temperature == 1.0) {
      System.arraycopy(p, 0, out, 0, p.length);
      return out;
    }
    double inv = 1.0 / temperature;
    double max = Double.NEGATIVE_INFINITY;
    double[] logs = new double[p.length];
    for (int i = 0; i < p.length; i++) {
      logs[i] = p[i] > 0 ? Math.log(p[i]) : Double.NEGATIVE_INFINITY;
      max = Math.max(max, logs[i]);
    }
    double sum = 0;
    double[] e = new double[p.length];
    for (int i = 0; i < p.length; i++) {
      e[i] = logs[i] == Double.NEGATIVE_INFINITY ? 0 : Math.exp((logs[i] - max) * inv);
      sum += e[i];
    }
    for (int i = 0; i < p.length; i++) {
      out[i] = (float) (e[i] / sum);
    }
    return out;
  }

  /**
   * The prediction of sampled probability vectors re-tempered at {@code temperature}: every
   * statistic (mean, entropy, mutual information, spread) from the tempered samples.
   */
  public static Prediction summarize(
      float[][] samples, double temperature, List<String> labels, int topK, boolean keepRaw) {
    SampleSet set = new SampleSet(samples[0].length);
    for (float[] p : samples) {
      set.add(temper(p, temperature), 0);
    }
    return Uncertainty.summarize(set, labels, topK, keepRaw);
  }
}
