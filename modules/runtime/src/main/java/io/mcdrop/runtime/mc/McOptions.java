package io.mcdrop.runtime.mc;

import io.mcdrop.errors.ErrorCode;
import io.mcdrop.errors.McdropException;
import io.mcdrop.runtime.sampling.SamplingRequest;
import io.mcdrop.runtime.verdict.VerdictPolicy;

/**
 * What one prediction request asks for: the public builder ({@code
 * McOptions.samples(30).withSeed(1L).withStrategy(...)}).
 *
 * @param samples the number of MC samples, or the maximum when {@code tolerance > 0}; 1 means plain
 *     deterministic inference
 * @param tolerance stop early once the largest standard error of the mean class probabilities is
 *     below this (0 = always draw {@code samples})
 * @param seed seeds every Dropout node for reproducible numbers; null for none
 * @param strategy how to draw samples
 * @param topK how many classes to list, best first
 * @param keepRaw whether to return every sampled probability vector
 * @param temperature logit temperature: each sample's logits are divided by it before the softmax
 *     (for a model ending in Softmax, its log-probabilities are); 1 = unchanged
 * @param verdictPolicy verdict thresholds; null = the engine's (the model's calibrated ones, else
 *     {@link VerdictPolicy#DEFAULT})
 * @param calibrated whether the model's stored calibration ({@code mcdrop.calibration}) applies:
 *     its temperature, prediction set and verdict thresholds (default true; false gives the raw
 *     numbers). An explicit temperature other than 1 replaces the calibration.
 */
public record McOptions(
    int samples,
    double tolerance,
    Long seed,
    Strategy strategy,
    int topK,
    boolean keepRaw,
    double temperature,
    VerdictPolicy verdictPolicy,
    boolean calibrated) {

  /** Upper bound on samples per input, so a typo cannot tie a machine up for hours. */
  public static final int MAX_SAMPLES = SamplingRequest.MAX_SAMPLES;

  public static final int DEFAULT_SAMPLES = SamplingRequest.DEFAULT_SAMPLES;

  public static final int DEFAULT_TOP_K = 3;

  public McOptions {
    SamplingRequest.of(samples, tolerance); // the one validation of the sample count
    if (topK < 1) {
      throw new McdropException(ErrorCode.BAD_OPTION, "top-k must be >= 1, got " + topK);
    }
    if (!(temperature > 0) || Double.isInfinite(temperature)) {
      throw new McdropException(
          ErrorCode.BAD_OPTION, "temperature must be a finite number > 0, got " + temperature);
    }
    strategy = strategy == null ? Strategy.AUTO : strategy;
  }

  /** The options without temperature (1) or verdict policy (the engine's), calibrated. */
  public McOptions(
      int samples, double tolerance, Long seed, Strategy strategy, int topK, boolean keepRaw) {
    this(samples, tolerance, seed, strategy, topK, keepRaw, 1.0, null, true);
  }

  /** The options with the model's calibration applied. */
  public McOptions(
      int samples,
      double tolerance,
      Long seed,
      Strategy strategy,
      int topK,
      boolean keepRaw,
      double temperature,
      VerdictPolicy verdictPolicy) {
    this(samples, tolerance, seed, strategy, topK, keepRaw, temperature, verdictPolicy, true);
  }

  /** Whether to apply the model's stored calibration (false: the raw, uncalibrated numbers). */
  public McOptions withCalibrated(boolean c) {
    return new McOptions(
        samples, tolerance, seed, strategy, topK, keepRaw, temperature, verdictPolicy, c);
  }

  public static McOptions samples(int samples) {
    return new McOptions(samples, 0, null, Strategy.AUTO, DEFAULT_TOP_K, false);
  }

  public McOptions withStrategy(Strategy s) {
    return new McOptions(
        samples, tolerance, seed, s, topK, keepRaw, temperature, verdictPolicy, calibrated);
  }

  public McOptions withSeed(Long s) {
    return new McOptions(
        samples, tolerance, s, strategy, topK, keepRaw, temperature, verdictPolicy, calibrated);
  }

  public McOptions withTolerance(double t) {
    return new McOptions(
        samples, t, seed, strategy, topK, keepRaw, temperature, verdictPolicy, calibrated);
  }

  public McOptions withRaw(boolean raw) {
    return new McOptions(
        samples, tolerance, seed, strategy, topK, raw, temperature, verdictPolicy, calibrated);
  }

  public McOptions withTopK(int k) {
    return new McOptions(
        samples, tolerance, seed, strategy, k, keepRaw, temperature, verdictPolicy, calibrated);
  }

  /** Divides each sample's logits by {@code t} before the softmax (temperature scaling). */
  public McOptions withTemperature(double t) {
    return new McOptions(
        samples, tolerance, seed, strategy, topK, keepRaw, t, verdictPolicy, calibrated);
  }

  /** Verdict thresholds for this request; null = the engine's. */
  public McOptions withVerdictPolicy(VerdictPolicy p) {
    return new McOptions(
        samples, tolerance, seed, strategy, topK, keepRaw, temperature, p, calibrated);
  }

  /** The sampling request these options make (deterministic, fixed T or adaptive). */
  public SamplingRequest request() {
    return SamplingRequest.of(samples, tolerance);
  }

  public boolean deterministic() {
    return request().deterministic();
  }
}
