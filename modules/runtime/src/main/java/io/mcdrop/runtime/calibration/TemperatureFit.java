package io.mcdrop.runtime.calibration;

import io.mcdrop.errors.ErrorCode;
import io.mcdrop.errors.McdropException;

/**
 * Temperature scaling (Guo et al. 2017): the one T that minimises the NLL of softmax(z / T). For MC
 * dropout (Laves et al. 2019) each sample's logits are divided by T and the NLL is that of the
 * sample-averaged probability, so T is fitted for the prediction users actually get.
 *
 * <p>The search is over log T in [{@link #MIN}, {@link #MAX}]: a grid of {@link #GRID} points first
 * (the MC objective need not be convex), then golden-section search between the best grid point's
 * neighbours down to a relative width of 1e-6.
 *
 * <p>{@link #fitIfSignificant} is what calibration uses: a temperature the calibration images
 * cannot tell from 1 is not applied. Fitting it anyway only adds noise, and on held-out images that
 * noise makes NLL and ECE a hair worse than uncalibrated (the shipped model's deterministic fit, T
 * = 0.9996 on 6,000 images, did exactly that in the fourth digit).
 */
public final class TemperatureFit {
  public static final double MIN = 0.05;
  public static final double MAX = 20.0;
  static final int GRID = 41;
  private static final double GOLDEN = (Math.sqrt(5) - 1) / 2;

  private TemperatureFit() {}

  /**
   * χ²(1) quantile 0.95: the likelihood-ratio statistic 2·n·(NLL(1) − NLL(T̂)) of a true T = 1
   * exceeds it 5 % of the time (Wilks), so a temperature is applied only when it is significant at
   * the 5 % level.
   */
  public static final double CHI2_1_95 = 3.841458820694124;

  /**
   * The temperature to apply and the NLL before (T = 1) and after.
   *
   * @param fitted the NLL-minimising temperature, whether or not it was applied
   */
  public record Result(double temperature, double nllBefore, double nllAfter, double fitted) {}

  /**
   * {@link #fit}, then T = 1 unless the likelihood-ratio test rejects T = 1 at the 5 % level
   * ({@link #CHI2_1_95}).
   */
  public static Result fitIfSignificant(SampleLogits logits, int[] labels) {
    Result r = fit(logits, labels);
    double statistic = 2.0 * logits.images() * (r.nllBefore() - r.nllAfter());
    return statistic >= CHI2_1_95 ? r : new Result(1.0, r.nllBefore(), r.nllBefore(), r.fitted());
  }

  public static Result fit(SampleLogits logits, int[] labels) {
    check(logits, labels);
    double lo = Math.log(MIN);
    double hi = Math.log(MAX);
    double step = (hi - lo) / (GRID - 1);
    int best = 0;
    double bestNll = Double.POSITIVE_INFINITY;
    for (int g = 0; g < GRID; g++) {
      double v = nll(logits, labels, Math.exp(lo + g * step));
      if (v < bestNll) {
        bestNll = v;
        best = g;
      }
    }
    double a = lo + Math.max(0, best - 1) * step;
    double b = lo + Math.min(GRID - 1, best + 1) * step;
    double c = b - GOLDEN * (b - a);
    double d = a + GOLDEN * (b - a);
    double fc = nll(logits, labels, Math.exp(c));
    double fd = nll(logits, labels, Math.exp(d));
    while (b - a > 1e-6) {
      if (fc < fd) {
        b = d;
        d = c;
        fd = fc;
        c = b - GOLDEN * (b - a);
        fc = nll(logits, labels, Math.exp(c));
      } else {
        a = c;
        c = d;
        fc = fd;
        d = a + GOLDEN * (b - a);
        fd = nll(logits, labels, Math.exp(d));
      }
    }
    double t = Math.exp((a + b) / 2);
    double after = nll(logits, labels, t);
    if (bestNll < after) {
      // the grid point beats the bracket's middle only if the bracket missed; keep the better
      t = Math.exp(lo + best * step);
      after = bestNll;
    }
    return new Result(t, nll(logits, labels, 1.0), after, t);
  }

  /** Mean NLL (nats) of the sample-averaged softmax(z / T) at the true labels. */
  public static double nll(SampleLogits logits, int[] labels, double temperature) {
    int k = logits.classes();
    double[] mean = new double[k];
    double[] scratch = new double[k];
    double s = 0;
    for (int i = 0; i < logits.images(); i++) {
      logits.meanProbabilities(i, temperature, mean, scratch);
      s -= Math.log(Math.max(1e-300, mean[labels[i]]));
    }
    return s / logits.images();
  }

  static void check(SampleLogits logits, int[] labels) {
    if (logits.images() == 0) {
      throw new McdropException(ErrorCode.BAD_INPUT, "no calibration images");
    }
    if (labels.length != logits.images()) {
      throw new McdropException(
          ErrorCode.BAD_INPUT,
          logits.images() + " calibration outputs but " + labels.length + " labels");
    }
    for (int y : labels) {
      if (y < 0 || y >= logits.classes()) {
        throw new McdropException(
            ErrorCode.BAD_INPUT,
            "label " + y + " is not a class of a " + logits.classes() + "-class model");
      }
    }
  }
}
