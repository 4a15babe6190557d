package io.mcdrop.runtime.mc;

import io.mcdrop.errors.ErrorCode;
import io.mcdrop.errors.McdropException;

/**
 * What one prediction request asks for.
 *
 * @param samples the number of MC samples, or the maximum when {@code tolerance > 0}; 1 means plain
 *     deterministic inference
 * @param tolerance stop early once the largest standard error of the mean class probabilities is
 *     below this (0 = always draw {@code samples})
 * @param seed seeds every Dropout node for reproducible numbers (costs a fresh session); null for
 *     none
 * @param strategy how to draw samples
 * @param topK how many classes to list, best first
 * @param keepRaw whether to return every sampled probability vector
 */
public record McOptions(
    int samples, double tolerance, Long seed, Strategy strategy, int topK, boolean keepRaw) {

  /** Upper bound on samples per input, so a typo cannot tie a machine up for hours. */
  public static final int MAX_SAMPLES = 10_000;

  public static final int DEFAULT_SAMPLES = 30;

  /** Classes listed per prediction unless asked otherwise. */
  public static final int DEFAULT_TOP_K = 3;

  public McOptions {
    if (samples < 1 || samples > MAX_SAMPLES) {
      throw new McdropException(
          ErrorCode.BAD_OPTION,
          "samples must be between 1 and " + MAX_SAMPLES + ", got " + samples);
    }
    if (!(tolerance >= 0) || tolerance >= 1) {
      throw new McdropException(
          ErrorCode.BAD_OPTION, "tolerance must be in [0, 1), got " + tolerance);
    }
    if (topK < 1) {
      throw new McdropException(ErrorCode.BAD_OPTION, "top-k must be >= 1, got " + topK);
    }
    strategy = strategy == null ? Strategy.AUTO : strategy;
  }

  public static McOptions samples(int samples) {
    return new McOptions(samples, 0, null, Strategy.AUTO, DEFAULT_TOP_K, false);
  }

  public McOptions withStrategy(Strategy s) {
    return new McOptions(samples, tolerance, seed, s, topK, keepRaw);
  }

  public McOptions withSeed(Long s) {
    return new McOptions(samples, tolerance, s, strategy, topK, keepRaw);
  }

  public McOptions withTolerance(double t) {
    return new McOptions(samples, t, seed, strategy, topK, keepRaw);
  }

  public McOptions withRaw(boolean raw) {
    return new McOptions(samples, tolerance, seed, strategy, topK, raw);
  }

  public boolean deterministic() {
    return samples == 1;
  }
}
