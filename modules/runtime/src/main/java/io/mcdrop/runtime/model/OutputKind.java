package io.mcdrop.runtime.model;

import io.mcdrop.metrics.Softmax;

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
   * One row of output {@code out[offset, offset+k)} to probabilities in {@code probs[offset..]}.
   */
  public void toProbabilities(float[] out, int offset, int k, float[] probs, double temperature) {
    switch (this) {
      case PROBABILITIES -> {
        if (temperature == 1.0) {
          System.arraycopy(out, offset, probs, offset, k);
          return;
        }
        for (int i = 0; i < k; i++) {
          probs[offset + i] = (float) Math.log(Math.max(out[offset + i], Float.MIN_NORMAL));
        }
        Softmax.apply(probs, offset, k, probs, temperature);
      }
      case LOG_PROBABILITIES -> {
        if (temperature != 1.0) {
          Softmax.apply(out, offset, k, probs, temperature);
          return;
        }
        for (int i = 0; i < k; i++) {
          probs[offset + i] = (float) Math.exp(out[offset + i]);
        }
      }
      default -> Softmax.apply(out, offset, k, probs, temperature);
    }
  }
}
