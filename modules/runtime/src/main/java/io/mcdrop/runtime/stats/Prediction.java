package io.mcdrop.runtime.stats;

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
 * @param samples number of MC samples drawn (1 = deterministic)
 * @param topK the k most probable classes, best first
 * @param rawSamples per-sample probabilities [samples][classes], or null unless asked for
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
    float[][] rawSamples) {

  /** One class with its mean probability and spread. */
  public record ClassScore(int index, String label, double probability, double std) {}

  public double confidence() {
    return probabilities[index];
  }

  public int classes() {
    return probabilities.length;
  }
}
