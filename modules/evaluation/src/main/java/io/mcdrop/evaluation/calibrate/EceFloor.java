package io.mcdrop.evaluation.calibrate;

import io.mcdrop.metrics.Calibration;
import java.util.Arrays;
import java.util.Random;

/**
 * The ECE a perfectly calibrated model would show with the same confidences on the same number of
 * images: each prediction is redrawn as right with probability equal to its confidence, and the
 * binned ECE of that is taken, {@value #DRAWS} times (seeded). Binned ECE is biased upwards by the
 * finite count per bin, so this is the level below which a measured ECE says nothing; a measured
 * ECE within about two {@code sd} of {@code mean} is indistinguishable from perfect calibration.
 *
 * @param mean mean ECE of the perfectly calibrated draws
 * @param sd their standard deviation
 * @param p95 their 95th percentile (a measured ECE above it is miscalibration at the 5 % level)
 */
public record EceFloor(double mean, double sd, double p95) {
  public static final int DRAWS = 200;

  /** The floor for these top-label confidences (seeded, so a report is reproducible). */
  public static EceFloor of(double[] confidence, long seed) {
    Random r = new Random(seed);
    boolean[] correct = new boolean[confidence.length];
    double[] ece = new double[DRAWS];
    for (int d = 0; d < DRAWS; d++) {
      for (int i = 0; i < confidence.length; i++) {
        correct[i] = r.nextDouble() < confidence[i];
      }
      ece[d] = Calibration.of(confidence, correct, Calibration.DEFAULT_BINS).ece();
    }
    double mean = Arrays.stream(ece).average().orElse(Double.NaN);
    double var = 0;
    for (double e : ece) {
      var += (e - mean) * (e - mean) / (DRAWS - 1);
    }
    Arrays.sort(ece);
    return new EceFloor(mean, Math.sqrt(var), ece[(int) Math.ceil(0.95 * DRAWS) - 1]);
  }
}
