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
   * Every row of {@code out} ({@code k} values each) to probabilities in {@code probs} (same
   * layout); returns each row's entropy (nats). The same numbers as the row-by-row method, with one
   * scratch row for the whole call.
   */
  public double[] toProbabilities(float[] out, int k, float[] probs, double temperature) {
    int rows = out.length / k;
    double[] entropy = new double[rows];
    double[] scratch = new double[k];
    for (int r = 0; r < rows; r++) {
      entropy[r] = toProbabilities(out, r * k, k, probs, temperature, scratch);
    }
    return entropy;
  }

  /**
   * One row of output {@code out[offset, offset+k)} to probabilities in {@code probs[offset..]};
   * returns their entropy (nats), from the logits where there are any (log S − Σ p·z', one
   * logarithm per row instead of k).
   */
  public double toProbabilities(float[] out, int offset, int k, float[] probs, double temperature) {
    return toProbabilities(out, offset, k, probs, temperature, new double[k]);
  }

  /**
   * Why the scratch row: {@code Math.exp} of a value just widened from float ran 3–4× slower than
   * of a double read from memory (measured on HotSpot 17, x86: 500 calls 7.4 µs against 2.0 µs), so
   * each row is widened into {@code z} by a loop of its own before any exponential is taken.
   */
  private double toProbabilities(
      float[] out, int offset, int k, float[] probs, double temperature, double[] z) {
    switch (this) {
      case PROBABILITIES -> {
        if (temperature == 1.0) {
          System.arraycopy(out, offset, probs, offset, k);
          return Entropy.of(probs, offset, k);
        }
        for (int i = 0; i < k; i++) {
          z[i] = out[offset + i];
        }
        for (int i = 0; i < k; i++) {
          z[i] = (float) Math.log(Math.max(z[i], Float.MIN_NORMAL));
        }
        return softmax(z, offset, k, probs, temperature);
      }
      case LOG_PROBABILITIES -> {
        for (int i = 0; i < k; i++) {
          z[i] = out[offset + i];
        }
        if (temperature != 1.0) {
          return softmax(z, offset, k, probs, temperature);
        }
        double h = 0;
        for (int i = 0; i < k; i++) {
          double p = Math.exp(z[i]);
          probs[offset + i] = (float) p;
          h -= p > 0 ? p * z[i] : 0;
        }
        return h;
      }
      default -> {
        for (int i = 0; i < k; i++) {
          z[i] = out[offset + i];
        }
        return softmax(z, offset, k, probs, temperature);
      }
    }
  }

  /**
   * Softmax of {@code z[0, k) / T} into {@code probs[offset..]} and its entropy: with z' = z/T −
   * max and S = Σ e^z', H = log S − Σ p z'.
   */
  private static double softmax(double[] z, int offset, int k, float[] probs, double temperature) {
    double inv = 1.0 / temperature;
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < k; i++) {
      // not Math.max (slower here); the same maximum for finite values, and a NaN still makes
      // every probability NaN
      double v = z[i] * inv;
      if (v > max) {
        max = v;
      }
    }
    double sum = 0;
    double weighted = 0;
    for (int i = 0; i < k; i++) {
      double zi = z[i] * inv - max;
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
