package io.mcdrop.runtime.calibration;

import io.mcdrop.errors.ErrorCode;
import io.mcdrop.errors.McdropException;
import io.mcdrop.runtime.stats.Uncertainty;

/**
 * Fits a whole {@link CalibrationSpec} from a model's outputs on labelled calibration images: per
 * way of predicting, the temperature ({@link TemperatureFit#fitIfSignificant}: 1 unless the images
 * reject 1 at the 5 % level), then on the tempered probabilities the conformal threshold ({@link
 * SplitConformal}) and the entropy and mutual-information values that {@code acceptance} of the
 * images stay below.
 */
public final class Calibrator {
  private Calibrator() {}

  /**
   * What to fit.
   *
   * @param alpha conformal miscoverage, in (0, 1)
   * @param score conformal score
   * @param acceptance share of in-distribution images the verdict thresholds accept, in (0, 1)
   */
  public record Options(double alpha, ConformalScore score, double acceptance) {
    public Options {
      SplitConformal.checkAlpha(alpha);
      if (score == null) {
        throw new McdropException(ErrorCode.BAD_OPTION, "conformal score missing");
      }
      if (!(acceptance > 0 && acceptance < 1)) {
        throw new McdropException(
            ErrorCode.BAD_OPTION, "acceptance must be in (0, 1), got " + acceptance);
      }
    }

    /** α = 0.1, RAPS with its defaults, 95 % acceptance. */
    public static Options defaults() {
      return new Options(
          0.1, ConformalScore.of(ScoreType.RAPS), CalibrationSpec.DEFAULT_ACCEPTANCE);
    }

    public Options withAlpha(double a) {
      return new Options(a, score, acceptance);
    }

    public Options withScore(ConformalScore s) {
      return new Options(alpha, s, acceptance);
    }
  }

  /**
   * Everything that can be checked before any inference: enough images for the conformal threshold
   * at α and for the acceptance thresholds, labels within the model's classes.
   */
  public static void check(int images, int[] labels, int classes, Options o) {
    SplitConformal.checkSize(images, o.alpha());
    int needed = SplitConformal.minimumSize(1 - o.acceptance());
    if (images < needed) {
      throw new McdropException(
          ErrorCode.BAD_OPTION,
          "the "
              + Math.round(100 * o.acceptance())
              + " % acceptance thresholds need at least "
              + needed
              + " calibration images, got "
              + images);
    }
    if (labels.length != images) {
      throw new McdropException(
          ErrorCode.BAD_OPTION, images + " calibration images but " + labels.length + " labels");
    }
    for (int y : labels) {
      if (y < 0 || y >= classes) {
        throw new McdropException(
            ErrorCode.BAD_OPTION,
            "calibration label " + y + " is not a class of the " + classes + "-class model");
      }
    }
  }

  /**
   * Fits the spec.
   *
   * @param deterministic one sample per image
   * @param mc MC samples per image, or null for a model without dropout
   * @param labels true class per image
   * @param u the APS/RAPS draw per image ({@link InputHash#uniform})
   */
  public static CalibrationSpec fit(
      SampleLogits deterministic,
      SampleLogits mc,
      int[] labels,
      double[] u,
      Options o,
      String data,
      String date) {
    if (deterministic.samples() != 1) {
      throw new McdropException(
          ErrorCode.BAD_INPUT, "deterministic outputs must have 1 sample per image");
    }
    check(deterministic.images(), labels, deterministic.classes(), o);
    if (u.length != labels.length) {
      throw new McdropException(ErrorCode.BAD_INPUT, "one u per calibration image needed");
    }
    if (mc != null && (mc.images() != deterministic.images() || mc.samples() < 2)) {
      throw new McdropException(
          ErrorCode.BAD_INPUT, "MC outputs must cover the same images with >= 2 samples each");
    }
    CalibrationSpec.Mode det = mode(deterministic, labels, u, o);
    CalibrationSpec.Mode m = mc == null ? null : mode(mc, labels, u, o);
    return new CalibrationSpec(
        det, m, o.score(), o.alpha(), o.acceptance(), labels.length, data, date);
  }

  private static CalibrationSpec.Mode mode(
      SampleLogits logits, int[] labels, double[] u, Options o) {
    TemperatureFit.Result t = TemperatureFit.fitIfSignificant(logits, labels);
    int n = logits.images();
    double[] scores = new double[n];
    double[] entropy = new double[n];
    double[] mi = new double[n];
    Summary s = new Summary(logits.classes());
    for (int i = 0; i < n; i++) {
      s.of(logits, i, t.temperature());
      scores[i] = o.score().score(s.mean, labels[i], u[i]);
      entropy[i] = s.entropy;
      mi[i] = s.mutualInformation;
    }
    return new CalibrationSpec.Mode(
        logits.samples(),
        t.temperature(),
        SplitConformal.threshold(scores, o.alpha()),
        SplitConformal.acceptanceThreshold(entropy, o.acceptance()),
        logits.samples() > 1 ? SplitConformal.acceptanceThreshold(mi, o.acceptance()) : Double.NaN,
        t.nllBefore(),
        t.nllAfter());
  }

  /** Mean tempered probabilities of one image with its entropy and mutual information. */
  public static final class Summary {
    public final double[] mean;
    private final double[] row;
    public double entropy;
    public double mutualInformation;

    public Summary(int classes) {
      mean = new double[classes];
      row = new double[classes];
    }

    public Summary of(SampleLogits logits, int image, double temperature) {
      java.util.Arrays.fill(mean, 0);
      double expected = 0;
      double inv = 1.0 / temperature;
      for (int t = 0; t < logits.samples(); t++) {
        Tempering.softmax(logits.values(), logits.offset(image, t), logits.classes(), inv, row);
        expected += Uncertainty.entropy(row);
        for (int c = 0; c < row.length; c++) {
          mean[c] += row[c];
        }
      }
      for (int c = 0; c < mean.length; c++) {
        mean[c] /= logits.samples();
      }
      entropy = Uncertainty.entropy(mean);
      mutualInformation = Math.max(0, entropy - expected / logits.samples());
      return this;
    }
  }
}
