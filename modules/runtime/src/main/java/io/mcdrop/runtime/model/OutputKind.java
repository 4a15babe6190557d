package io.mcdrop.runtime.model;

import io.mcdrop.metrics.Entropy;

/**
 * What the model's output holds, found by looking through Identity nodes at its producer: logits,
 * probabilities (ends in Softmax) or log-probabilities (ends in LogSoftmax). Converting to
 * probabilities applies the logit temperature: logits are divided by it before the softmax; for a
 * model ending in (Log)Softmax its log-probabilities are (softmax(log p / T) is temperature scaling
 * of the logits that produced p).
 */
public enum OutputKind {
  LOGITS,
  PROBABILITIES,
  LOG_PROBABILITIES;

  /**
   * One row of output {@code out[offset, offset+k)} to probabilities in {@code probs[offset..]};
   * returns their entropy (nats), from the logits where there are any (log S − Σ p·z', one
   * logarithm per row instead of k).
   */
  public double toProbabilities(float[] out, int offset, int k, float[] probs, double temperature) {
    switch (this) {
      case PROBABILITIES -> {
        if (temperature == 1.0) {
          System.arraycopy(out, offset, probs, offset, k);
          return Entropy.of(probs, offset, k);
        }
        for (int i = 0; i < k; i++) {
          probs[offset + i] = (float) Math.log(Math.max(out[offset + i], Float.MIN_NORMAL));
        }
        return softmax(probs, offset, k, probs, temperature);
      }
      case LOG_PROBABILITIES -> {
        if (temperature != 1.0) {
          return softmax(out, offset, k, probs, temperature);
        }
        double h = 0;
        for (int i = 0; i < k; i++) {
          double p = Math.exp(out[offset + i]);
          probs[offset + i] = (float) p;
          h -= p > 0 ? p * out[offset + i] : 0;
        }
        return h;
      }
      default -> {
        return softmax(out, offset, k, probs, temperature);
      }
    }
  }

  /**
   * Softmax of {@code z / T} into {@code probs} (may alias) and its entropy: with z' = z/T − max
   * and S = Σ e^z', H = log S − Σ p z'.
   */
  private static double softmax(float[] z, int offset, int k, float[] probs, double temperature) {
    double inv = 1.0 / temperature;
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < k; i++) {
      max = Math.max(max, z[offset + i] * inv);
    }
    double sum = 0;
    double weighted = 0;
    for (int i = 0; i < k; i++) {
      double zi = z[offset + i] * inv - max;
      double e = Math.exp(zi);
      probs[offset + i] = (float) e;
      sum += e;
      weighted += e * zi;
    }
    double norm = 1.0 / sum;
    for (int i = 0; i < k; i++) {
      probs[offset + i] = (float) (probs[offset + i] * norm);
    }
    return Math.max(0.0, Math.log(sum) - weighted * norm);
  }
}
