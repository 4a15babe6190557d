package io.mcdrop.runtime.sampling;

import java.util.ArrayList;
import java.util.List;

/**
 * Dropout masks drawn in Java for graphs whose Dropout nodes take fed masks ({@code
 * io.mcdrop.onnx.rewrite.DropoutMasks}). Values are 0 (dropped, with probability ratio) or 1 / (1 −
 * ratio).
 *
 * <p>The mask of dropout node {@code i} for sample {@code t} of an input is one counter-based
 * stream: word {@code j} is SplitMix64's output for state {@code s + (j + 1)·γ}, with {@code s} a
 * mix of (seed, key, i, t); an element is dropped when its draw is below {@code round(ratio · 2³²)}
 * out of 2³² (so the drop probability is the ratio to within 2⁻³²), and one 64-bit word decides
 * from 2 elements (32-bit draws) up to 64 (ratio 0.5), see {@link #fill}. Every word depends only
 * on its own index, so a row is written in one branch-free pass, several times faster than ONNX
 * Runtime's own CPU Dropout (measured, see docs/benchmarks-runtime.md).
 *
 * <p>Seeded ({@link #seeded}): the key is a 64-bit hash of the input's values, so an input's
 * numbers are those it would get alone, in any batch, at any position, with any strategy, in any
 * process, and different inputs get independent masks. Unseeded ({@link #unseeded}): the seed is
 * fresh for each request and the key is the input's position in it.
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

  private static final long GOLDEN = 0x9E3779B97F4A7C15L;

  private final List<Spec> specs;
  private final long seed;
  private final boolean keyedByValue;

  private MaskSource(List<Spec> specs, long seed, boolean keyedByValue) {
    this.specs = List.copyOf(specs);
    this.seed = seed;
    this.keyedByValue = keyedByValue;
  }

  /** Masks of a seeded request: the same for the same (seed, input values) everywhere. */
  public static MaskSource seeded(List<Spec> specs, long seed) {
    return new MaskSource(specs, seed, true);
  }

  /** Masks of an unseeded request, from a seed fresh for the request, keyed by item position. */
  public static MaskSource unseeded(List<Spec> specs, long requestSeed) {
    return new MaskSource(specs, requestSeed, false);
  }

  /** The keys of these items ({@code ids}: their positions in the request). */
  public long[] keys(float[][] items, int[] ids) {
    long[] k = new long[items.length];
    for (int i = 0; i < items.length; i++) {
      k[i] = keyedByValue ? key(items[i]) : ids[i];
    }
    return k;
  }

  /**
   * Per-row feeds of every mask for samples {@code [first, first + n)} of the inputs with these
   * {@link #keys}: logical row {@code a * n + t} is input a's sample {@code first + t}. Rows are
   * generated when a run's buffer is filled, not stored.
   */
  public List<TileFeed> feeds(long[] keys, int first, int n) {
    List<TileFeed> out = new ArrayList<>(specs.size());
    for (int i = 0; i < specs.size(); i++) {
      Spec s = specs.get(i);
      int node = i;
      long threshold = threshold(s.ratio());
      float keep = (float) (1.0 / (1.0 - s.ratio()));
      out.add(
          TileFeed.generated(
              s.input(),
              s.rowShape(),
              (row, dst, offset, size) ->
                  fill(
                      mix(seed, keys[row / n], node, first + row % n),
                      threshold,
                      keep,
                      dst,
                      offset,
                      size)));
    }
    return out;
  }

  /** A 64-bit hash of an input's values (FNV-1a over the float bits, then a final mix). */
  public static long key(float[] input) {
    long h = 0xcbf29ce484222325L;
    for (float v : input) {
      h = (h ^ Float.floatToIntBits(v)) * 0x100000001b3L;
    }
    return finish(h ^ input.length);
  }

  /** The 32-bit draw below which an element is dropped: round(ratio · 2³²). */
  static long threshold(double ratio) {
    return Math.round(ratio * 0x1p32);
  }

  /**
   * One mask row from stream {@code stream}. The threshold's low zero bits are not needed to decide
   * an element: with {@code b = 32 − trailing zeros}, an element is dropped when its b-bit draw is
   * below {@code threshold >> (32 − b)}, with exactly the same probability, so each 64-bit word
   * decides {@code 64 / b} elements (64 at ratio 0.5, 32 at 0.25, 2 for ratios like 0.1), taken
   * from its low bits up.
   */
  static void fill(long stream, long threshold, float keep, float[] dst, int offset, int size) {
    // Branch-free: the keep/drop outcome is a coin flip the CPU cannot predict, and a mispredicted
    // branch per element cost more than the generator itself (measured,
    // docs/benchmarks-runtime.md).
    int keepBits = Float.floatToRawIntBits(keep);
    int bits = Math.max(1, 32 - Long.numberOfTrailingZeros(threshold));
    long below = threshold >>> (32 - bits);
    long draw = (1L << bits) - 1;
    int perWord = 64 / bits;
    long state = stream;
    int i = 0;
    while (i < size) {
      state += GOLDEN;
      long w = finish(state);
      int end = Math.min(size, i + perWord);
      for (; i < end; i++) {
        dst[offset + i] = element(w & draw, below, keepBits);
        w >>>= bits;
      }
    }
  }

  /** 0 when {@code u < threshold} (both in [0, 2³²]), else the float with bits {@code keepBits}. */
  private static float element(long u, long threshold, int keepBits) {
    int dropped = (int) ((u - threshold) >>> 63);
    return Float.intBitsToFloat(keepBits & (dropped - 1));
  }

  /** Mix of seed, input key, node and sample into one stream's starting state. */
  static long mix(long seed, long key, int node, int sample) {
    long z = finish(seed ^ (GOLDEN * (node + 1)));
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
