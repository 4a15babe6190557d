package io.mcdrop.runtime.stats;

import io.mcdrop.runtime.verdict.Verdict;
import java.util.List;

/**
 * The MC-dropout prediction for one input (natural logarithms throughout).
 *
 * @param index predicted class: argmax of the mean probabilities
 * @param label its name
 * @param probabilities mean class probabilities over the samples
 * @param std per-class standard deviation of the sampled probabilities
 * @param lower per-class 2.5 % sample quantile
 * @param upper per-class 97.5 % sample quantile
 * @param entropy predictive entropy H[mean p] (total uncertainty)
 * @param expectedEntropy mean over samples of H[p_t] (aleatoric)
 * @param mutualInformation entropy - expectedEntropy (epistemic, BALD)
 * @param variationRatio 1 - (samples voting for the modal class) / samples
 * @param samples number of MC samples actually drawn (1 = deterministic; with a tolerance, where
 *     sampling stopped)
 * @param topK the k most probable classes, best first
 * @param rawSamples per-sample probabilities [samples][classes], or null unless asked for
 * @param sampled whether MC samples were drawn at all. When false (T = 1) the spread is <em>not
 *     measured</em>: {@code std} is 0, {@code lower} = {@code upper} = the probabilities, mutual
 *     information and variation ratio are 0 by definition; front ends print "n/a" for them
 * @param verdict how far to trust this prediction, computed by the engine's {@code VerdictPolicy}
 * @param strategy how the samples were drawn: {@code trunk_cached}, {@code batched}, {@code loop}
 *     or {@code deterministic}
 * @param predictionSet the conformal prediction set of a calibrated model (labels, most probable
 *     first; may be empty): it holds the true label with probability ≥ 1 − α on data like the
 *     calibration data; null when the model is not calibrated or calibration was turned off
 * @param calibrated whether the model's stored calibration was applied
 * @param temperature the logit temperature the probabilities were computed at (1 = raw)
 */
public record Prediction(
    int index,
    String label,
    double[] probabilities,
    double[] std,
    double[] lower,
    double[] upper,
    double entropy,
    double expectedEntropy,
    double mutualInformation,
    double variationRatio,
    int samples,
    List<ClassScore> topK,
    float[][] rawSamples,
    boolean sampled,
    Verdict verdict,
    String strategy,
    List<String> predictionSet,
    boolean calibrated,
    double temperature) {

  /** An uncalibrated prediction (no prediction set, temperature 1). */
  public Prediction(
      int index,
      String label,
      double[] probabilities,
      double[] std,
      double[] lower,
      double[] upper,
      double entropy,
      double expectedEntropy,
      double mutualInformation,
      double variationRatio,
      int samples,
      List<ClassScore> topK,
      float[][] rawSamples,
      boolean sampled,
      Verdict verdict,
      String strategy) {
    this(
        index,
        label,
        probabilities,
        std,
        lower,
        upper,
        entropy,
        expectedEntropy,
        mutualInformation,
        variationRatio,
        samples,
        topK,
        rawSamples,
        sampled,
        verdict,
        strategy,
        null,
        false,
        1.0);
  }

  /** This prediction marked as calibrated at {@code t}, with its conformal set. */
  public Prediction withCalibration(List<String> set, double t) {
    return with(set == null ? null : List.copyOf(set), true, t);
  }

  /** This prediction at a temperature other than 1, not calibrated (an explicit request). */
  public Prediction withTemperature(double t) {
    return with(null, false, t);
  }

  private Prediction with(List<String> set, boolean isCalibrated, double t) {
    return new Prediction(
        index,
        label,
        probabilities,
        std,
        lower,
        upper,
        entropy,
        expectedEntropy,
        mutualInformation,
        variationRatio,
        samples,
        topK,
        rawSamples,
        sampled,
        verdict,
        strategy,
        set,
        isCalibrated,
        t);
  }

  /** One class with its mean probability and spread. */
  public record ClassScore(int index, String label, double probability, double std) {}

  public double confidence() {
    return probabilities[index];
  }

  /** Whether the spread fields (std, interval, mutual information) were measured. */
  public boolean spreadMeasured() {
    return sampled;
  }

  public int classes() {
    return probabilities.length;
  }
}
