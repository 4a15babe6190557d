package io.mcdrop.runtime.calibration;

import io.mcdrop.errors.ErrorCode;
import io.mcdrop.errors.McdropException;

/**
 * A model's calibration, as stored in its {@code mcdrop.calibration} metadata ({@link
 * CalibrationCodec} reads and writes it): one temperature, conformal threshold and verdict
 * thresholds per way of predicting (deterministic and MC dropout), fitted on held-out data.
 *
 * @param deterministic the fit for one plain forward pass
 * @param mc the fit for MC dropout at {@link Mode#samples()} samples, or null for a model without
 *     dropout
 * @param score the conformal score (type and RAPS parameters)
 * @param alpha the conformal miscoverage: sets hold the true label with probability ≥ 1 − α
 * @param acceptance share of in-distribution calibration images the verdict thresholds accept
 *     (0.95: "uncertain" is rarer than 1 in 20 in-distribution images)
 * @param images calibration images (n)
 * @param data where they came from, in words
 * @param date when the fit was made (ISO-8601)
 */
public record CalibrationSpec(
    Mode deterministic,
    Mode mc,
    ConformalScore score,
    double alpha,
    double acceptance,
    int images,
    String data,
    String date) {

  /** The acceptance the verdict thresholds are fitted at by default. */
  public static final double DEFAULT_ACCEPTANCE = 0.95;

  /**
   * The fit for one way of predicting.
   *
   * @param samples MC samples the fit was made at (1 = deterministic)
   * @param temperature logits are divided by this before softmax
   * @param conformalThreshold conformal score threshold at {@code alpha}
   * @param entropyThreshold predictive entropy (nats) at which {@code acceptance} of the
   *     calibration images are still accepted
   * @param mutualInformationThreshold the same for mutual information (MC only; NaN otherwise)
   * @param nllBefore calibration-set NLL at T = 1
   * @param nllAfter calibration-set NLL at the fitted temperature
   */
  public record Mode(
      int samples,
      double temperature,
      double conformalThreshold,
      double entropyThreshold,
      double mutualInformationThreshold,
      double nllBefore,
      double nllAfter) {
    public Mode {
      if (samples < 1) {
        throw invalid("samples must be >= 1, got " + samples);
      }
      if (!(temperature > 0) || Double.isInfinite(temperature)) {
        throw invalid("temperature must be a positive number, got " + temperature);
      }
      if (Double.isNaN(conformalThreshold) || Double.isNaN(entropyThreshold)) {
        throw invalid("thresholds must be numbers");
      }
      if (samples > 1 && Double.isNaN(mutualInformationThreshold)) {
        throw invalid("an MC fit needs a mutual-information threshold");
      }
    }
  }

  public CalibrationSpec {
    if (deterministic == null || score == null) {
      throw invalid("deterministic fit and conformal score are required");
    }
    if (deterministic.samples() != 1) {
      throw invalid("the deterministic fit must be at 1 sample");
    }
    if (mc != null && mc.samples() < 2) {
      throw invalid("the MC fit must be at >= 2 samples");
    }
    if (!(alpha > 0 && alpha < 1)) {
      throw invalid("alpha must be in (0, 1), got " + alpha);
    }
    if (!(acceptance > 0 && acceptance < 1)) {
      throw invalid("acceptance must be in (0, 1), got " + acceptance);
    }
    if (images < 1) {
      throw invalid("images must be >= 1, got " + images);
    }
  }

  /**
   * The fit for a prediction with {@code samples} samples: MC for more than one, else
   * deterministic.
   */
  public Mode mode(int samples) {
    return samples > 1 ? mc : deterministic;
  }

  private static McdropException invalid(String what) {
    return new McdropException(ErrorCode.MODEL_INVALID, "calibration: " + what);
  }
}
