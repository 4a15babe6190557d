package io.mcdrop.runtime.sampling;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Seeded dropout masks for graphs whose Dropout nodes take fed masks ({@code
 * io.mcdrop.onnx.rewrite.DropoutMasks}). The mask of dropout node {@code i} for sample {@code t}
 * depends only on (seed, i, t): every input of a request gets the same masks for sample t, so an
 * input's numbers are those it would get alone, in any batch, with any strategy, in any process.
 * Values are 0 (dropped, with probability ratio) or 1 / (1 − ratio).
 */
public final class MaskSource {
  /**
   * One fed mask input.
   *
   * @param input the graph input
   * @param rowShape one row's shape (the dropout input's shape without its batch)
   * @param ratio the drop probability
   */
  public record Spec(String input, long[] rowShape, double ratio) {
    int rowSize() {
      long n = 1;
      for (long d : rowShape) {
        n *= d;
      }
      return (int) n;
    }
  }

  /**
   * The last masks drawn, shared by an engine's seeded requests: a run of requests with the same
   * seed and sample range (a CLI directory, repeated seeded requests) draws them once. Holds at
   * most {@link #CACHED_FLOATS} floats; the arrays are never written after they are made.
   */
  public static final class Cache {
    static final long CACHED_FLOATS = 4_000_000;
    private final AtomicReference<Entry> last = new AtomicReference<>();

    private record Entry(long seed, int first, int n, List<TileFeed> feeds) {}
  }

  private final List<Spec> specs;
  private final long seed;
  private final Cache cache;

  public MaskSource(List<Spec> specs, long seed, Cache cache) {
    this.specs = List.copyOf(specs);
    this.seed = seed;
    this.cache = cache;
  }

  /** Per-sample feeds of every mask for samples {@code [first, first + n)}. */
  public List<TileFeed> feeds(int first, int n) {
    Cache.Entry e = cache.last.get();
    if (e != null && e.seed() == seed && e.first() == first && e.n() == n) {
      return e.feeds();
    }
    List<TileFeed> out = draw(first, n);
    long floats = 0;
    for (Spec s : specs) {
      floats += (long) s.rowSize() * n;
    }
    if (floats <= Cache.CACHED_FLOATS) {
      cache.last.set(new Cache.Entry(seed, first, n, out));
    }
    return out;
  }

  private List<TileFeed> draw(int first, int n) {
    List<TileFeed> out = new ArrayList<>(specs.size());
    for (int i = 0; i < specs.size(); i++) {
      Spec s = specs.get(i);
      float[][] rows = new float[n][];
      for (int t = 0; t < n; t++) {
        rows[t] = mask(i, first + t, s);
      }
      out.add(TileFeed.bySample(s.input(), rows, s.rowShape()));
    }
    return out;
  }

  private float[] mask(int node, int sample, Spec s) {
    SplittableRandom rnd = new SplittableRandom(mix(seed, node, sample));
    float keep = (float) (1.0 / (1.0 - s.ratio()));
    float[] m = new float[s.rowSize()];
    for (int j = 0; j < m.length; j++) {
      m[j] = rnd.nextDouble() < s.ratio() ? 0f : keep;
    }
    return m;
  }

  /** SplitMix64-style mix of seed, node and sample into one generator seed. */
  static long mix(long seed, int node, int sample) {
    long z = seed ^ (0x9E3779B97F4A7C15L * (node + 1)) ^ (0xC2B2AE3D27D4EB4FL * (sample + 1L));
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
