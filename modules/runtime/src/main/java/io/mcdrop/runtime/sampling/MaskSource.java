package io.mcdrop.runtime.sampling;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Seeded dropout masks for graphs whose Dropout nodes take fed masks ({@code
 * io.mcdrop.onnx.rewrite.DropoutMasks}). The mask of dropout node {@code i} for sample {@code t} of
 * an input depends only on (seed, a 64-bit hash of the input's values, i, t): an input's numbers
 * are those it would get alone, in any batch, at any position, with any strategy, in any process;
 * different inputs get independent masks (so data-set metrics average over masks, as unseeded MC
 * does). Values are 0 (dropped, with probability ratio) or 1 / (1 − ratio).
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

    private record Entry(long seed, long[] keys, int first, int n, List<TileFeed> feeds) {}
  }

  private final List<Spec> specs;
  private final long seed;
  private final Cache cache;

  public MaskSource(List<Spec> specs, long seed, Cache cache) {
    this.specs = List.copyOf(specs);
    this.seed = seed;
    this.cache = cache;
  }

  /**
   * Per-row feeds of every mask for samples {@code [first, first + n)} of the inputs with these
   * {@link #key keys}: entry {@code a * n + t} is input a's sample {@code first + t}.
   */
  public List<TileFeed> feeds(long[] keys, int first, int n) {
    Cache.Entry e = cache.last.get();
    if (e != null
        && e.seed() == seed
        && e.first() == first
        && e.n() == n
        && java.util.Arrays.equals(e.keys(), keys)) {
      return e.feeds();
    }
    List<TileFeed> out = draw(keys, first, n);
    long floats = 0;
    for (Spec s : specs) {
      floats += (long) s.rowSize() * n * keys.length;
    }
    if (floats <= Cache.CACHED_FLOATS) {
      cache.last.set(new Cache.Entry(seed, keys.clone(), first, n, out));
    }
    return out;
  }

  /** The keys of these inputs. */
  public static long[] keys(float[][] items) {
    long[] k = new long[items.length];
    for (int i = 0; i < items.length; i++) {
      k[i] = key(items[i]);
    }
    return k;
  }

  /** A 64-bit hash of an input's values (FNV-1a over the float bits, then a final mix). */
  public static long key(float[] input) {
    long h = 0xcbf29ce484222325L;
    for (float v : input) {
      h = (h ^ Float.floatToIntBits(v)) * 0x100000001b3L;
    }
    return finish(h ^ input.length);
  }

  private List<TileFeed> draw(long[] keys, int first, int n) {
    List<TileFeed> out = new ArrayList<>(specs.size());
    for (int i = 0; i < specs.size(); i++) {
      Spec s = specs.get(i);
      float[][] rows = new float[keys.length * n][];
      for (int a = 0; a < keys.length; a++) {
        for (int t = 0; t < n; t++) {
          rows[a * n + t] = mask(mix(seed, keys[a], i, first + t), s);
        }
      }
      out.add(TileFeed.perRow(s.input(), rows, s.rowShape()));
    }
    return out;
  }

  private static float[] mask(long generatorSeed, Spec s) {
    SplittableRandom rnd = new SplittableRandom(generatorSeed);
    float keep = (float) (1.0 / (1.0 - s.ratio()));
    float[] m = new float[s.rowSize()];
    for (int j = 0; j < m.length; j++) {
      m[j] = rnd.nextDouble() < s.ratio() ? 0f : keep;
    }
    return m;
  }

  /** Mix of seed, input key, node and sample into one generator seed. */
  static long mix(long seed, long key, int node, int sample) {
    long z = finish(seed ^ (0x9E3779B97F4A7C15L * (node + 1)));
    z = finish(z ^ key);
    return finish(z ^ (0xC2B2AE3D27D4EB4FL * (sample + 1L)));
  }

  /** SplitMix64's finalizer. */
  private static long finish(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
