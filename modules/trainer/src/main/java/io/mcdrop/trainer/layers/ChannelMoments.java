package io.mcdrop.trainer.layers;

import java.util.Arrays;

/**
 * Batch norm's per-channel Σ x and Σ x² over a batch, accumulated sample by sample into per-worker
 * partial sums and reduced in worker order (deterministic for a thread count).
 *
 * <p>Per plane the sums are taken in float with eight independent partial sums (so the adds do not
 * wait on each other), across planes and workers in double. The convolution in front of a batch
 * norm fills one of these while each sample's output block is still in cache ({@link
 * Fusion}); the batch norm then skips its own pass over the activation. The sums are the same bit
 * for bit either way, as long as the samples are split among the workers the same way, which {@link
 * io.mcdrop.trainer.tensor.Parallel#range} guarantees for the same batch size and thread count.
 */
final class ChannelMoments {
  private double[][] partials = new double[0][];
  private int workers;
  private float[] collectedFor;
  private int collectedN;

  /** Clears the partial sums of {@code workers} workers for {@code c} channels. */
  void reset(int workers, int c) {
    if (partials.length < workers) {
      partials = Arrays.copyOf(partials, workers);
    }
    for (int w = 0; w < workers; w++) {
      if (partials[w] == null || partials[w].length != 2 * c) {
        partials[w] = new double[2 * c];
      }
      Arrays.fill(partials[w], 0);
    }
    this.workers = workers;
    this.collectedFor = null;
  }

  /** Adds the {@code c} planes of {@code hw} values starting at {@code off} to worker's sums. */
  void addSample(float[] x, int off, int c, int hw, int worker) {
    double[] acc = partials[worker];
    for (int ch = 0; ch < c; ch++) {
      planeMoments(x, off + ch * hw, hw, acc, 2 * ch);
    }
  }

  /** Worker {@code worker}'s partial sums, two per channel, for other per-channel pairs of sums. */
  double[] partial(int worker) {
    return partials[worker];
  }

  /** Records that the sums now describe all {@code n} samples of {@code data}. */
  void markCollected(float[] data, int n) {
    this.collectedFor = data;
    this.collectedN = n;
  }

  /** Forgets which batch the sums describe (its producer wrote new data without collecting). */
  void invalidate() {
    collectedFor = null;
  }

  /** Whether the sums describe exactly this batch (the same array and sample count). */
  boolean collectedFor(float[] data, int n) {
    return collectedFor == data && collectedN == n;
  }

  /** Sums the workers' partials in worker order into {@code into} [Σ x, Σ x², ... per channel]. */
  void reduce(double[] into) {
    System.arraycopy(partials[0], 0, into, 0, into.length);
    for (int w = 1; w < workers; w++) {
      double[] p = partials[w];
      for (int i = 0; i < into.length; i++) {
        into[i] += p[i];
      }
    }
    collectedFor = null;
  }

  /** acc[at] += Σ x and acc[at + 1] += Σ x² over x[o, o + len), eight float partials each. */
  private static void planeMoments(float[] x, int o, int len, double[] acc, int at) {
    float s0 = 0f, s1 = 0f, s2 = 0f, s3 = 0f, s4 = 0f, s5 = 0f, s6 = 0f, s7 = 0f;
    float q0 = 0f, q1 = 0f, q2 = 0f, q3 = 0f, q4 = 0f, q5 = 0f, q6 = 0f, q7 = 0f;
    int i = o;
    int end = o + len;
    for (; i + 7 < end; i += 8) {
      float v0 = x[i], v1 = x[i + 1], v2 = x[i + 2], v3 = x[i + 3];
      float v4 = x[i + 4], v5 = x[i + 5], v6 = x[i + 6], v7 = x[i + 7];
      s0 += v0;
      s1 += v1;
      s2 += v2;
      s3 += v3;
      s4 += v4;
      s5 += v5;
      s6 += v6;
      s7 += v7;
      q0 += v0 * v0;
      q1 += v1 * v1;
      q2 += v2 * v2;
      q3 += v3 * v3;
      q4 += v4 * v4;
      q5 += v5 * v5;
      q6 += v6 * v6;
      q7 += v7 * v7;
    }
    for (; i < end; i++) {
      float v = x[i];
      s0 += v;
      q0 += v * v;
    }
    acc[at] += ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
    acc[at + 1] += ((q0 + q1) + (q2 + q3)) + ((q4 + q5) + (q6 + q7));
  }
}
