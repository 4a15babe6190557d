package io.mcdrop.trainer.kernels;

/**
 * Batch normalisation's per-plane reductions. Each adds its two sums over {@code [o, o + len)} to
 * {@code acc[at]} and {@code acc[at + 1]}: eight float partial sums per quantity (element i goes to
 * partial (i − o) mod 8, the last len mod 8 elements to partial 0), combined as ((p0 + p1) + (p2 +
 * p3)) + ((p4 + p5) + (p6 + p7)) and added in double. Every implementation follows that order
 * exactly, so all give the same bits.
 */
public interface SumKernels {
  /** acc[at] += Σ x, acc[at + 1] += Σ x². */
  void moments(float[] x, int o, int len, double[] acc, int at);

  /** acc[at] += Σ d, acc[at + 1] += Σ d·(x − mu). */
  void gradSums(float[] d, float[] x, int o, int len, float mu, double[] acc, int at);

  /**
   * The fused ReLU's backward and the batch norm's sums in one pass: d = dy where y &gt; 0, else
   * +0, written to dx; then acc[at] += Σ d, acc[at + 1] += Σ d·(x − mu). Outputs y are +0 or
   * positive (they come out of the ReLU).
   */
  void maskedSums(
      float[] dy, float[] y, float[] x, float[] dx, int o, int len, float mu, double[] acc, int at);

  /** A short name for benchmarks and logs, e.g. {@code scalar} or {@code vector-256}. */
  String name();
}
