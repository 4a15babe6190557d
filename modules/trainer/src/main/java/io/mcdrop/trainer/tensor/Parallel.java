package io.mcdrop.trainer.tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs a loop over a range in a fixed number of contiguous parts, one per worker.
 *
 * <p>The partition depends only on the range and the worker count, so any per-worker partial sums
 * are reduced in the same order every run: results are deterministic for a given thread count.
 */
public final class Parallel {
  /** The body of a parallel loop: handles indices [from, to) as worker {@code worker}. */
  @FunctionalInterface
  public interface RangeBody {
    void run(int from, int to, int worker);
  }

  private static volatile int threads = 1;
  private static ExecutorService pool;

  private Parallel() {}

  /** Sets the number of workers (1 runs everything on the calling thread). */
  public static synchronized void setThreads(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("threads must be at least 1, got " + n);
    }
    if (n != threads && pool != null) {
      pool.shutdown();
      pool = null;
    }
    threads = n;
  }

  public static int threads() {
    return threads;
  }

  private static synchronized ExecutorService pool() {
    if (pool == null) {
      pool =
          Executors.newFixedThreadPool(
              threads,
              r -> {
                Thread t = new Thread(r, "mcdrop-trainer-worker");
                t.setDaemon(true);
                return t;
              });
    }
    return pool;
  }

  /**
   * Element-wise loops below this many elements run on the calling thread: handing work to a worker
   * costs more than the loop.
   */
  public static final int MIN_PARALLEL_ELEMENTS = 1 << 15;

  /**
   * Runs an element-wise loop over [0, count), in parallel only when it is long enough to pay for
   * the hand-off. The body must not depend on how the range is split.
   */
  public static void elements(int count, RangeBody body) {
    if (count < MIN_PARALLEL_ELEMENTS || threads == 1) {
      body.run(0, count, 0);
    } else {
      range(count, body);
    }
  }

  /** Splits [0, count) into at most {@link #threads()} parts and runs them concurrently. */
  public static void range(int count, RangeBody body) {
    int parts = Math.min(threads, count);
    if (parts <= 1) {
      body.run(0, count, 0);
      return;
    }
    ExecutorService ex = pool();
    List<Future<?>> futures = new ArrayList<>(parts - 1);
    for (int p = 1; p < parts; p++) {
      int from = (int) ((long) count * p / parts);
      int to = (int) ((long) count * (p + 1) / parts);
      int worker = p;
      futures.add(ex.submit(() -> body.run(from, to, worker)));
    }
    body.run(0, (int) ((long) count / parts), 0);
    for (Future<?> f : futures) {
      try {
        f.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for a worker", e);
      } catch (ExecutionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof RuntimeException re) {
          throw re;
        }
        if (cause instanceof Error err) {
          throw err;
        }
        throw new IllegalStateException(cause);
      }
    }
  }
}
