package io.mcdrop.runtime.verdict;

import io.mcdrop.errors.ErrorCode;
import io.mcdrop.errors.McdropException;

/**
 * The thresholds that turn uncertainty numbers into a {@link Verdict}, all in one place (natural
 * logarithms). With MC samples:
 *
 * <ol>
 *   <li>mutual information ≥ {@code epistemic} → {@link Verdict#UNCERTAIN} (the samples disagree);
 *   <li>expected entropy ≥ {@code aleatoric}, or mean top probability &lt; {@code confidence} →
 *       {@link Verdict#AMBIGUOUS};
 *   <li>else {@link Verdict#CONFIDENT}.
 * </ol>
 *
 * <p>Without sampling (T = 1) nothing measures disagreement, so the predictive entropy stands in:
 * entropy ≥ {@code deterministicEntropy} → UNCERTAIN; entropy ≥ {@code aleatoric} or top
 * probability &lt; {@code confidence} → AMBIGUOUS; else CONFIDENT.
 *
 * <p>The defaults are hand-set for 10-class image models; a calibration (the {@code
 * mcdrop.calibration} metadata) supplies measured thresholds by constructing this record.
 *
 * @param epistemic mutual-information threshold (nats)
 * @param aleatoric expected-entropy threshold (nats)
 * @param confidence minimum mean probability of the predicted class for CONFIDENT
 * @param deterministicEntropy predictive-entropy threshold for UNCERTAIN without sampling (nats)
 */
public record VerdictPolicy(
    double epistemic, double aleatoric, double confidence, double deterministicEntropy) {

  /** The hand-set defaults: 0.1, 0.5, 0.9 and 1.0. */
  public static final VerdictPolicy DEFAULT = new VerdictPolicy(0.1, 0.5, 0.9, 1.0);

  public VerdictPolicy {
    check(epistemic, "epistemic threshold");
    check(aleatoric, "aleatoric threshold");
    check(deterministicEntropy, "deterministic entropy threshold");
    if (!(confidence >= 0 && confidence <= 1)) {
      throw new McdropException(
          ErrorCode.BAD_OPTION, "confidence threshold must be in [0, 1], got " + confidence);
    }
  }

  /** The defaults with other epistemic and aleatoric thresholds. */
  public static VerdictPolicy of(double epistemic, double aleatoric) {
    return new VerdictPolicy(
        epistemic, aleatoric, DEFAULT.confidence(), DEFAULT.deterministicEntropy());
  }

  /**
   * The verdict for one prediction.
   *
   * @param sampled whether MC samples were drawn (T &gt; 1)
   * @param confidence mean probability of the predicted class
   * @param entropy predictive entropy H[mean p]
   * @param expectedEntropy mean entropy of the samples (equals {@code entropy} when not sampled)
   * @param mutualInformation entropy − expected entropy (0 when not sampled)
   */
  public Verdict judge(
      boolean sampled,
      double confidence,
      double entropy,
      double expectedEntropy,
      double mutualInformation) {
    if (sampled ? mutualInformation >= epistemic : entropy >= deterministicEntropy) {
      return Verdict.UNCERTAIN;
    }
    double spread = sampled ? expectedEntropy : entropy;
    if (spread >= aleatoric || confidence < this.confidence) {
      return Verdict.AMBIGUOUS;
    }
    return Verdict.CONFIDENT;
  }

  private static void check(double v, String what) {
    if (!(v >= 0) || Double.isInfinite(v)) {
      throw new McdropException(
          ErrorCode.BAD_OPTION, what + " must be a finite number >= 0, got " + v);
    }
  }
}
