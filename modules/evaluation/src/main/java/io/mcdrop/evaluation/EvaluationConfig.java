package io.mcdrop.evaluation;

import io.mcdrop.errors.ErrorCode;
import io.mcdrop.errors.McdropException;
import io.mcdrop.evaluation.ood.OodSpec;
import io.mcdrop.evaluation.shift.ShiftSpec;
import io.mcdrop.runtime.sampling.SamplingRequest;
import java.util.List;

/**
 * What an evaluation computes.
 *
 * @param samples MC samples per image; 1 = deterministic only
 * @param seed seeds MC dropout masks, synthetic OOD images and any subsampling
 * @param ood out-of-distribution sources (may be empty)
 * @param shift rotation sweep, or null for none
 * @param oodLimit at most this many images per OOD set
 */
public record EvaluationConfig(
    int samples, long seed, List<OodSpec> ood, ShiftSpec shift, int oodLimit) {

  public static final int DEFAULT_SAMPLES = SamplingRequest.DEFAULT_SAMPLES;
  public static final long DEFAULT_SEED = 42;
  public static final int DEFAULT_OOD_LIMIT = 2000;

  public EvaluationConfig {
    SamplingRequest.of(samples, 0); // the runtime's one validation of a sample count
    if (oodLimit < 1) {
      throw new McdropException(ErrorCode.BAD_OPTION, "OOD limit must be >= 1, got " + oodLimit);
    }
    ood = List.copyOf(ood);
  }

  public static EvaluationConfig defaults() {
    return new EvaluationConfig(DEFAULT_SAMPLES, DEFAULT_SEED, List.of(), null, DEFAULT_OOD_LIMIT);
  }

  public EvaluationConfig withSamples(int t) {
    return new EvaluationConfig(t, seed, ood, shift, oodLimit);
  }

  public EvaluationConfig withSeed(long s) {
    return new EvaluationConfig(samples, s, ood, shift, oodLimit);
  }

  public EvaluationConfig withOod(List<OodSpec> o) {
    return new EvaluationConfig(samples, seed, o, shift, oodLimit);
  }

  public EvaluationConfig withShift(ShiftSpec s) {
    return new EvaluationConfig(samples, seed, ood, s, oodLimit);
  }

  public EvaluationConfig withOodLimit(int n) {
    return new EvaluationConfig(samples, seed, ood, shift, n);
  }

  public boolean mc() {
    return !SamplingRequest.of(samples, 0).deterministic();
  }
}
