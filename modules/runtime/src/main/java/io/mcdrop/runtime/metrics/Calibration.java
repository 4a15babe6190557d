package io.mcdrop.runtime.metrics;

/**
 * @deprecated moved to {@link io.mcdrop.metrics.Calibration} (same bins, same numbers).
 */
@Deprecated
public final class Calibration {
  private Calibration() {}

  public static final int DEFAULT_BINS = io.mcdrop.metrics.Calibration.DEFAULT_BINS;

  public static io.mcdrop.metrics.Calibration.Result of(
      double[] confidence, boolean[] correct, int bins) {
    return io.mcdrop.metrics.Calibration.of(confidence, correct, bins);
  }
}
