package io.mcdrop.evaluation.predict;

import io.mcdrop.runtime.stats.Prediction;

/**
 * An uncertainty score read off one prediction; higher always means "less sure", so every score can
 * be fed to a detector as is.
 */
public enum Score {
  /** One minus the top mean probability (so the classic max-probability baseline, flipped). */
  MAX_PROBABILITY("max-prob", false),
  /** Predictive entropy H[mean p]: total uncertainty. */
  ENTROPY("entropy", false),
  /** Mutual information (BALD): disagreement between MC samples; zero without sampling. */
  MUTUAL_INFORMATION("mutual-info", true),
  /** Share of samples not voting for the modal class; zero without sampling. */
  VARIATION_RATIO("variation-ratio", true);

  private final String key;
  private final boolean needsSamples;

  Score(String key, boolean needsSamples) {
    this.key = key;
    this.needsSamples = needsSamples;
  }

  /** The name used in tables, JSON and file names. */
  public String key() {
    return key;
  }

  /**
   * Whether the score only means something with MC samples (for a deterministic pass it is
   * identically zero, so detection with it is reported as not applicable).
   */
  public boolean needsSamples() {
    return needsSamples;
  }

  public double of(Prediction p) {
    return switch (this) {
      case MAX_PROBABILITY -> 1 - p.confidence();
      case ENTROPY -> p.entropy();
      case MUTUAL_INFORMATION -> p.mutualInformation();
      case VARIATION_RATIO -> p.variationRatio();
    };
  }

  /** Whether this score is meaningful for predictions drawn with {@code samples} samples. */
  public boolean applies(int samples) {
    return !needsSamples || samples > 1;
  }
}
