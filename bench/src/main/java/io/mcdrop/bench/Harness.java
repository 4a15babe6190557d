package io.mcdrop.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A plain timing harness: warm-up, then repeated blocks, median of the block means.
 *
 * <p>Why not JMH: the peer is a Python process, and the comparison is only fair if both sides are
 * timed the same way. This scheme is simple enough to write identically in {@code
 * scripts/torch_mc_bench.py}: warm up for {@code warmupMs} (at least 5 calls), size a block to
 * about {@code blockMs} from the warm-up speed, run {@code blocks} blocks, and record each block's
 * mean time per call. The median of the blocks resists bursts of load from other processes on a
 * shared machine; the min is the least-disturbed block. What is measured is whole calls (one MC
 * prediction of one image), tens of microseconds and up, where JMH's protection against dead-code
 * elimination and timer granularity matters little; results are consumed into a sink anyway.
 */
final class Harness {
  private final long warmupNanos;
  private final int blocks;
  private final long blockNanos;
  private double sink;

  Harness(double warmupMs, int blocks, double blockMs) {
    this.warmupNanos = (long) (warmupMs * 1e6);
    this.blocks = blocks;
    this.blockNanos = (long) (blockMs * 1e6);
  }

  /**
   * From the command line's {@code --warmup-ms} (500), {@code --blocks} (7), {@code --block-ms}
   * (300).
   */
  static Harness of(java.util.Map<String, java.util.List<String>> o) {
    return new Harness(
        Double.parseDouble(RuntimeBench.one(o, "warmup-ms", "500")),
        Integer.parseInt(RuntimeBench.one(o, "blocks", "7")),
        Double.parseDouble(RuntimeBench.one(o, "block-ms", "300")));
  }

  /** One measured call; returns any number derived from the result, so it cannot be elided. */
  @FunctionalInterface
  interface Op {
    double run();
  }

  /**
   * @param blocksMs mean milliseconds per call in each block, in the order measured
   * @param iterations calls per block
   */
  record Timing(double[] blocksMs, int iterations) {
    double median() {
      double[] s = blocksMs.clone();
      Arrays.sort(s);
      int n = s.length;
      return n % 2 == 1 ? s[n / 2] : 0.5 * (s[n / 2 - 1] + s[n / 2]);
    }

    double min() {
      return Arrays.stream(blocksMs).min().orElse(Double.NaN);
    }
  }

  /**
   * Times several operations with their blocks interleaved round-robin (the starting operation
   * rotates from block to block), so that all of them see the same bursts of machine load. Block
   * {@code b} of every operation falls in the same time window, which makes per-block ratios
   * between them (paired ratios) robust on a shared machine.
   */
  List<Timing> timeInterleaved(List<Op> ops) {
    int[] iterations = new int[ops.size()];
    for (int k = 0; k < ops.size(); k++) {
      iterations[k] = warmUp(ops.get(k));
    }
    double[][] ms = new double[ops.size()][blocks];
    for (int b = 0; b < blocks; b++) {
      for (int j = 0; j < ops.size(); j++) {
        int k = (b + j) % ops.size();
        Op op = ops.get(k);
        long t0 = System.nanoTime();
        for (int i = 0; i < iterations[k]; i++) {
          sink += op.run();
        }
        ms[k][b] = (System.nanoTime() - t0) / 1e6 / iterations[k];
      }
    }
    List<Timing> out = new ArrayList<>();
    for (int k = 0; k < ops.size(); k++) {
      out.add(new Timing(ms[k], iterations[k]));
    }
    return out;
  }

  /** Warms {@code op} up and returns how many calls fill one block. */
  private int warmUp(Op op) {
    long start = System.nanoTime();
    long end = start + warmupNanos;
    int n = 0;
    while (n < 5 || System.nanoTime() < end) {
      sink += op.run();
      n++;
    }
    double perCall = (System.nanoTime() - start) / (double) n;
    return (int) Math.max(1, Math.min(1_000_000, blockNanos / perCall));
  }

  Timing time(Op op) {
    long start = System.nanoTime();
    long end = start + warmupNanos;
    int n = 0;
    while (n < 5 || System.nanoTime() < end) {
      sink += op.run();
      n++;
    }
    double perCall = (System.nanoTime() - start) / (double) n;
    int iterations = (int) Math.max(1, Math.min(1_000_000, blockNanos / perCall));
    double[] ms = new double[blocks];
    for (int b = 0; b < blocks; b++) {
      long t0 = System.nanoTime();
      for (int i = 0; i < iterations; i++) {
        sink += op.run();
      }
      ms[b] = (System.nanoTime() - t0) / 1e6 / iterations;
    }
    return new Timing(ms, iterations);
  }

  /** The sum of everything measured calls returned (print it to keep the JIT honest). */
  double sink() {
    return sink;
  }
}
