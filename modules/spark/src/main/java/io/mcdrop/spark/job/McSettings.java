package io.mcdrop.spark.job;

import io.mcdrop.runtime.mc.McOptions;
import io.mcdrop.runtime.mc.Strategy;
import java.io.Serializable;

/**
 * The MC settings of a job (serializable; executors turn them into {@link McOptions}).
 *
 * @param samples MC samples per image (the maximum with a tolerance); 1 = deterministic
 * @param tolerance adaptive stopping tolerance, 0 = always {@code samples}
 * @param seed the job seed: each image is seeded from it and its path; null = unseeded
 * @param strategy {@code auto}, {@code loop}, {@code batched} or {@code trunk}
 * @param topK classes listed per image
 * @param epistemicThreshold verdict UNCERTAIN from this mutual information (nats)
 * @param aleatoricThreshold verdict ambiguous from this expected entropy (nats)
 */
public record McSettings(
    int samples,
    double tolerance,
    Long seed,
    String strategy,
    int topK,
    double epistemicThreshold,
    double aleatoricThreshold)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  public McSettings {
    strategy = strategy == null ? "auto" : strategy;
    // validate on the driver, before any task starts
    new McOptions(samples, tolerance, null, Strategy.parse(strategy), topK, false);
  }

  /** T samples, unseeded, the CLI's default thresholds. */
  public static McSettings samples(int samples) {
    return new McSettings(samples, 0, null, "auto", 3, 0.1, 0.5);
  }

  public McSettings withSeed(Long s) {
    return new McSettings(
        samples, tolerance, s, strategy, topK, epistemicThreshold, aleatoricThreshold);
  }

  /** The engine options (without the per-image seed). */
  public McOptions toOptions() {
    return new McOptions(samples, tolerance, null, Strategy.parse(strategy), topK, false);
  }
}
