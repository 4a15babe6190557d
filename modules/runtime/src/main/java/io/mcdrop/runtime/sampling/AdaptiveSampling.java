package io.mcdrop.runtime.sampling;

import io.mcdrop.runtime.stats.SampleSet;
import java.util.Arrays;

/**
 * Draws a request's samples into per-item {@link SampleSet}s: all at once for a fixed T, in chunks
 * for an adaptive request, dropping each item once the largest standard error of its mean class
 * probabilities is below the tolerance.
 */
public final class AdaptiveSampling {
  private AdaptiveSampling() {}

  /**
   * Converts rows of model output ({@code k} values each) to probabilities in {@code probs}, same
   * layout; returns each row's entropy.
   */
  @FunctionalInterface
  public interface ToProbabilities {
    double[] apply(float[] out, int k, float[] probs);
  }

  /** Fills {@code sets} (one per item) with up to {@code request.maxSamples()} samples each. */
  public static void sample(
      Sampler sampler,
      float[][] items,
      SampleSet[] sets,
      SamplingRequest request,
      ToProbabilities convert) {
    int max = request.maxSamples();
    double tolerance = request.tolerance();
    // Adaptive sampling draws in chunks and re-checks the standard error after each one.
    int chunk = tolerance > 0 ? Math.max(8, Math.min(64, max / 8)) : max;
    int[] active = identity(items.length);
    int drawn = 0;
    while (active.length > 0 && drawn < max) {
      int n = Math.min(chunk, max - drawn);
      float[][] activeItems = new float[active.length][];
      for (int i = 0; i < active.length; i++) {
        activeItems[i] = items[active[i]];
      }
      add(sampler.draw(activeItems, active, n), sets, active, n, convert);
      drawn += n;
      if (tolerance > 0) {
        active =
            Arrays.stream(active).filter(i -> sets[i].maxStandardError() >= tolerance).toArray();
      }
    }
  }

  /** Adds item-major rows ({@code n} per active item) to the items' sets. */
  public static void add(
      Rows rows, SampleSet[] sets, int[] active, int n, ToProbabilities convert) {
    int k = rows.width();
    float[] probs = new float[rows.values().length];
    double[] entropy = convert.apply(rows.values(), k, probs);
    for (int a = 0; a < active.length; a++) {
      sets[active[a]].addAll(probs, a * n * k, n, entropy, a * n);
    }
  }

  public static int[] identity(int n) {
    int[] a = new int[n];
    for (int i = 0; i < n; i++) {
      a[i] = i;
    }
    return a;
  }
}
