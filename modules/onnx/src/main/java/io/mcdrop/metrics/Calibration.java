package io.mcdrop.metrics;

/**
 * Calibration of top-label confidence: expected and maximum calibration error over equal-width
 * bins, with the per-bin numbers a reliability diagram draws.
 */
public final class Calibration {
  private Calibration() {}

  public static final int DEFAULT_BINS = 15;

  /**
   * One confidence bin.
   *
   * @param lower lower edge (exclusive, except the first bin which includes 0)
   * @param upper upper edge (inclusive)
   * @param count predictions in the bin
   * @param accuracy fraction correct (NaN when empty)
   * @param confidence mean confidence (NaN when empty)
   */
  public record Bin(double lower, double upper, int count, double accuracy, double confidence) {}

  /** Reliability summary: ECE (weighted mean |acc - conf|), MCE (max over non-empty bins). */
  public record Result(double ece, double mce, Bin[] bins) {}

  /**
   * @param confidence top-label probability per prediction, in [0, 1]
   * @param correct whether each prediction was right
   */
  public static Result of(double[] confidence, boolean[] correct, int bins) {
    if (confidence.length != correct.length) {
      throw new IllegalArgumentException("confidence and correct differ in length");
    }
    if (bins < 1) {
      throw new IllegalArgumentException("bins must be >= 1");
    }
    int[] count = new int[bins];
    double[] conf = new double[bins];
    double[] acc = new double[bins];
    for (int i = 0; i < confidence.length; i++) {
      double c = confidence[i];
      // bin b holds (b/B, (b+1)/B]; confidence 0 goes to the first bin
      int b = Math.min(bins - 1, Math.max(0, (int) Math.ceil(c * bins) - 1));
      count[b]++;
      conf[b] += c;
      acc[b] += correct[i] ? 1 : 0;
    }
    double ece = 0;
    double mce = 0;
    Bin[] out = new Bin[bins];
    int n = confidence.length;
    for (int b = 0; b < bins; b++) {
      double a = count[b] == 0 ? Double.NaN : acc[b] / count[b];
      double c = count[b] == 0 ? Double.NaN : conf[b] / count[b];
      if (count[b] > 0) {
        double gap = Math.abs(a - c);
        ece += gap * count[b] / n;
        mce = Math.max(mce, gap);
      }
      out[b] = new Bin((double) b / bins, (double) (b + 1) / bins, count[b], a, c);
    }
    return new Result(n == 0 ? Double.NaN : ece, n == 0 ? Double.NaN : mce, out);
  }
}
