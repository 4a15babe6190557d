package io.mcdrop.spark.job;

import io.mcdrop.runtime.mc.McOptions;
import io.mcdrop.runtime.mc.Strategy;
import io.mcdrop.runtime.verdict.VerdictPolicy;
import java.io.Serializable;

/**
 * The MC settings of a job (serializable; executors turn them into {@link McOptions}).
 *
 * @param samples MC samples per image (the maximum with a tolerance); 1 = deterministic
 * @param tolerance adaptive stopping tolerance, 0 = always {@code samples}
 * @param seed the job seed: each image is seeded from it and its path; null = unseeded
 * @param strategy {@code auto}, {@code loop}, {@code batched} or {@code trunk}
 * @param topK classes listed per image
 * @param epistemicThreshold verdict uncertain from this mutual information (nats); null = the
 *     engine's (a calibrated model's own, else the default)
 * @param aleatoricThreshold verdict ambiguous from this expected entropy (nats); null = the
 *     engine's
 */
public record McSettings(
    int samples,
    double tolerance,
    Long seed,
    String strategy,
    int topK,
    Double epistemicThreshold,
    Double aleatoricThreshold)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  public McSettings {
    strategy = strategy == null ? "auto" : strategy;
    // validate on the driver, before any task starts
    new McOptions(samples, tolerance, null, Strategy.parse(strategy), topK, false);
    if (epistemicThreshold != null || aleatoricThreshold != null) {
      VerdictPolicy.of(
          epistemicThreshold != null ? epistemicThreshold : 0,
          aleatoricThreshold != null ? aleatoricThreshold : 0);
    }
  }

  /** T samples, unseeded, the engine's verdict thresholds. */
  public static McSettings samples(int samples) {
    return new McSettings(samples, 0, null, "auto", McOptions.DEFAULT_TOP_K, null, null);
  }

  public McSettings withSeed(Long s) {
    return new McSettings(
        samples, tolerance, s, strategy, topK, epistemicThreshold, aleatoricThreshold);
  }

  /** The engine options (without the per-image seed), verdicts by the engine's thresholds. */
  public McOptions toOptions() {
    return new McOptions(samples, tolerance, null, Strategy.parse(strategy), topK, false);
  }

  /** The engine options with {@code engine}'s verdict thresholds, overridden where given here. */
  public McOptions toOptions(VerdictPolicy engine) {
    return toOptions()
        .withVerdictPolicy(
            new VerdictPolicy(
                epistemicThreshold != null ? epistemicThreshold : engine.epistemic(),
                aleatoricThreshold != null ? aleatoricThreshold : engine.aleatoric(),
                engine.confidence(),
                engine.deterministicEntropy()));
  }
}
