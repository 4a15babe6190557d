package io.mcdrop.runtime.metrics;

/**
 * @deprecated moved to {@link io.mcdrop.metrics.Detection}.
 */
@Deprecated
public final class Detection {
  private Detection() {}

  public static double auroc(double[] positives, double[] negatives) {
    return io.mcdrop.metrics.Detection.auroc(positives, negatives);
  }

  public static double fprAtTpr(double[] positives, double[] negatives, double tpr) {
    return io.mcdrop.metrics.Detection.fprAtTpr(positives, negatives, tpr);
  }
}
