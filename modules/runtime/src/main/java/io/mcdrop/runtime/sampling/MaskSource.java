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
      float[] table = byteTable(threshold, keep);
      out.add(
          TileFeed.generated(
              s.input(),
              s.rowShape(),
              (row, dst, offset, size) ->
                  fill(
                      mix(seed, keys[row / n], node, first + row % n),
                      threshold,
                      keep,
                      table,
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
    fill(stream, threshold, keep, byteTable(threshold, keep), dst, offset, size);
  }

  /** {@link #fill} with the {@link #byteTable} for this threshold and keep (null for none). */
  private static void fill(
      long stream, long threshold, float keep, float[] table, float[] dst, int offset, int size) {
    if (table != null) {
      fillByByte(stream, threshold, keep, table, dst, offset, size);
    } else {
      fillByElement(stream, threshold, keep, dst, offset, size);
    }
  }

  /** {@link #fill}, one element at a time. */
  static void fillByElement(
      long stream, long threshold, float keep, float[] dst, int offset, int size) {
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

  /**
   * {@link #fill} for 1 or 2 bits per element (ratios 0.5, 0.25, 0.75): the same values, each byte
   * of a word looked up as its 8 or 4 elements in a table of the 256 byte values and copied in one
   * short constant-length copy (the JIT inlines it), about three times as fast as deciding element
   * by element (measured, docs/benchmarks-runtime.md). The last partial word goes element by
   * element.
   */
  private static void fillByByte(
      long stream, long threshold, float keep, float[] table, float[] dst, int offset, int size) {
    int bits = table.length == 256 * 8 ? 1 : 2;
    int perWord = 64 / bits;
    long state = stream;
    int i = 0;
    int full = size - size % perWord;
    while (i < full) {
      state += GOLDEN;
      long w = finish(state);
      if (bits == 1) {
        for (int b = 0; b < 8; b++, i += 8, w >>>= 8) {
          System.arraycopy(table, ((int) w & 0xFF) << 3, dst, offset + i, 8);
        }
      } else {
        for (int b = 0; b < 8; b++, i += 4, w >>>= 8) {
          System.arraycopy(table, ((int) w & 0xFF) << 2, dst, offset + i, 4);
        }
      }
    }
    if (i < size) {
      int keepBits = Float.floatToRawIntBits(keep);
      long below = threshold >>> (32 - bits);
      long draw = (1L << bits) - 1;
      state += GOLDEN;
      long w = finish(state);
      for (; i < size; i++) {
        dst[offset + i] = element(w & draw, below, keepBits);
        w >>>= bits;
      }
    }
  }

  private record TableKey(long threshold, int keepBits) {}

  private static final java.util.Map<TableKey, float[]> BYTE_TABLES =
      new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * For each byte value, its 8 / bits elements (low bits first), as {@link #element} decides; null
   * unless 1 or 2 bits decide an element.
   */
  private static float[] byteTable(long threshold, float keep) {
    int bits = Math.max(1, 32 - Long.numberOfTrailingZeros(threshold));
    if (bits > 2) {
      return null;
    }
    int keepBits = Float.floatToRawIntBits(keep);
    return BYTE_TABLES.computeIfAbsent(
        new TableKey(threshold, keepBits),
        k -> {
          int per = 8 / bits;
          long below = threshold >>> (32 - bits);
          long draw = (1L << bits) - 1;
          float[] t = new float[256 * per];
          for (int v = 0; v < 256; v++) {
            long w = v;
            for (int j = 0; j < per; j++, w >>>= bits) {
              t[v * per + j] = element(w & draw, below, keepBits);
            }
          }
          return t;
        });
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
