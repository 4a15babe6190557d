package io.mcdrop.evaluation.predict;

import io.mcdrop.metrics.Scores;
import java.util.EnumMap;
import java.util.Map;

/**
 * Predictions for a whole image set: mean class probabilities and every {@link Score} per image.
 *
 * @param samples MC samples per image (1 = deterministic)
 * @param seconds wall-clock time the predictions took
 */
public record PredictionSet(
    double[][] probabilities, Map<Score, double[]> scores, int samples, double seconds) {
  public PredictionSet {
    scores = new EnumMap<>(scores);
  }

  public int size() {
    return probabilities.length;
  }

  public double[] score(Score s) {
    return scores.get(s);
  }

  /** Top-label probability per image. */
  public double[] confidence() {
    double[] c = new double[size()];
    for (int i = 0; i < c.length; i++) {
      c[i] = probabilities[i][Scores.argmax(probabilities[i])];
    }
    return c;
  }

  public boolean[] correct(int[] labels) {
    boolean[] ok = new boolean[size()];
    for (int i = 0; i < ok.length; i++) {
      ok[i] = Scores.argmax(probabilities[i]) == labels[i];
    }
    return ok;
  }

  /** Milliseconds per image, wall clock. */
  public double msPerImage() {
    return size() == 0 ? Double.NaN : 1000 * seconds / size();
  }
}
