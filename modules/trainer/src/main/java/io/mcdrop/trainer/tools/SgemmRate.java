package io.mcdrop.trainer.tools;

import io.mcdrop.trainer.tensor.Gemm;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CyclicBarrier;

/**
 * The machine's SGEMM rate through the trainer's own BLAS binding: {@code THREADS} Java threads
 * each multiplying 512×512 matrices (single-threaded OpenBLAS each, as the trainer runs it) for
 * {@code ROUNDS} rounds of about half a second. Prints {@code sgemm threads=T gflops=X} (the best
 * round: on a shared machine the best round is the closest to what the hardware can do).
 */
public final class SgemmRate {
  private static final int N = 512;

  private SgemmRate() {}

  public static void main(String[] args) throws Exception {
    int threads = Integer.parseInt(args[0]);
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    System.out.printf(
        Locale.ROOT, "sgemm threads=%d gflops=%.1f%n", threads, rate(threads, rounds) / 1e9);
  }

  /** Best FLOP/s over {@code rounds}. */
  public static double rate(int threads, int rounds) throws Exception {
    float[][] a = new float[threads][N * N];
    float[][] b = new float[threads][N * N];
    float[][] c = new float[threads][N * N];
    for (int t = 0; t < threads; t++) {
      for (int i = 0; i < N * N; i++) {
        a[t][i] = (i % 7) * 0.1f;
        b[t][i] = (i % 5) * 0.1f;
      }
    }
    // Calibrate the repetitions of one round to about half a second.
    long t0 = System.nanoTime();
    int calib = 0;
    while (System.nanoTime() - t0 < 200_000_000L) {
      Gemm.mul(false, false, N, N, N, 1f, a[0], 0, b[0], 0, 0f, c[0], 0);
      calib++;
    }
    int reps = Math.max(2, (int) (calib * 2.5));
    double best = 0;
    for (int r = 0; r < rounds; r++) {
      CyclicBarrier start = new CyclicBarrier(threads);
      long[] begin = new long[threads];
      long[] end = new long[threads];
      List<Thread> ts = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int id = t;
        Thread th =
            new Thread(
                () -> {
                  try {
                    start.await();
                  } catch (Exception e) {
                    throw new IllegalStateException(e);
                  }
                  // Each worker times itself: the main thread may be descheduled on a busy machine.
                  begin[id] = System.nanoTime();
                  for (int i = 0; i < reps; i++) {
                    Gemm.mul(false, false, N, N, N, 1f, a[id], 0, b[id], 0, 0f, c[id], 0);
                  }
                  end[id] = System.nanoTime();
                });
        th.start();
        ts.add(th);
      }
      for (Thread th : ts) {
        th.join();
      }
      long first = Arrays.stream(begin).min().orElseThrow();
      long last = Arrays.stream(end).max().orElseThrow();
      double secs = (last - first) / 1e9;
      best = Math.max(best, 2.0 * N * N * N * reps * threads / secs);
    }
    return best;
  }
}
