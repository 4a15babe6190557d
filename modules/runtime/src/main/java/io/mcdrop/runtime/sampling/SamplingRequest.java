package io.mcdrop.runtime.sampling;

import io.mcdrop.errors.ErrorCode;
import io.mcdrop.errors.McdropException;

/**
 * How many samples one request draws, validated once ({@link #of}): none (deterministic, one plain
 * pass), a fixed T, or adaptive (up to a maximum, stopping once the largest standard error of the
 * mean class probabilities is below a tolerance). "1 means deterministic" is decided here only.
 */
public sealed interface SamplingRequest {
  /** Upper bound on samples per input, so a typo cannot tie a machine up for hours. */
  int MAX_SAMPLES = 10_000;

  /** The default T. */
  int DEFAULT_SAMPLES = 30;

  /** One deterministic pass, dropout off. */
  record Deterministic() implements SamplingRequest {
    @Override
    public int maxSamples() {
      return 1;
    }
  }

  /** Exactly {@code samples} MC samples (at least 2). */
  record Fixed(int samples) implements SamplingRequest {
    @Override
    public int maxSamples() {
      return samples;
    }
  }

  /** Up to {@code maxSamples}, stopping per input once its standard error is below tolerance. */
  record Adaptive(int maxSamples, double tolerance) implements SamplingRequest {}

  /** The most samples this request draws per input. */
  int maxSamples();

  default boolean deterministic() {
    return this instanceof Deterministic;
  }

  /** 0 unless adaptive. */
  default double tolerance() {
    return this instanceof Adaptive a ? a.tolerance() : 0;
  }

  /**
   * The request for a sample count and tolerance: 1 sample is deterministic, a tolerance &gt; 0
   * makes the count a maximum.
   *
   * @throws McdropException {@link ErrorCode#BAD_OPTION} outside 1..{@link #MAX_SAMPLES} or a
   *     tolerance outside [0, 1)
   */
  static SamplingRequest of(int samples, double tolerance) {
    if (samples < 1 || samples > MAX_SAMPLES) {
      throw new McdropException(
          ErrorCode.BAD_OPTION,
          "samples must be between 1 and " + MAX_SAMPLES + ", got " + samples);
    }
    if (!(tolerance >= 0) || tolerance >= 1) {
      throw new McdropException(
          ErrorCode.BAD_OPTION, "tolerance must be in [0, 1), got " + tolerance);
    }
    if (samples == 1) {
      return new Deterministic();
    }
    return tolerance > 0 ? new Adaptive(samples, tolerance) : new Fixed(samples);
  }
}
