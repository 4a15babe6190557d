package io.mcdrop.spark.job;

import io.mcdrop.runtime.stats.Prediction;

/** The plain-words verdict of {@code mcdrop classify}, with the same rule and words. */
final class Verdicts {
  private Verdicts() {}

  static String of(Prediction p, double epistemicThreshold, double aleatoricThreshold) {
    if (p.samples() > 1 && p.mutualInformation() >= epistemicThreshold) {
      return "UNCERTAIN";
    }
    if (p.expectedEntropy() >= aleatoricThreshold) {
      return "ambiguous";
    }
    if (p.confidence() >= 0.9) {
      return "confident";
    }
    return "";
  }
}
