package io.mcdrop.trainer.tensor;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Runs a loop over a range in a fixed number of contiguous parts, one per worker.
 *
 * <p>The partition depends only on the range and the worker count, so any per-worker partial sums
 * are reduced in the same order every run: results are deterministic for a given thread count.
 *
 * <p>A training step hands work to the workers some thirty times (every layer, forward and
 * backward), often for a fraction of a millisecond. Waking a parked thread costs tens to hundreds
 * of microseconds (more on a virtual machine, whose idle vCPU has to be woken by the host), so the
 * workers are persistent threads that, after a part, keep polling for the next one for a short
 * while ({@link #SPIN_NANOS}) before they park, as OpenMP runtimes do; the caller likewise polls
 * for the workers' parts to finish. Between steps of a training loop the workers are thus busy
 * waiting at most {@link #SPIN_NANOS} per hand-off; an idle pool parks and costs nothing.
 *
 * <p>One caller at a time uses the workers. A call made while they are busy (from another thread,
 * or nested inside a part) runs its parts one after another on the calling thread, with the same
 * partition and worker indices, so it gives the same results.
 */
public final class Parallel {
  /** The body of a parallel loop: handles indices [from, to) as worker {@code worker}. */
  @FunctionalInterface
  public interface RangeBody {
    void run(int from, int to, int worker);
  }

  /** How long a worker, or a caller waiting for workers, polls before it parks. */
  static final long SPIN_NANOS = 200_000L;

  private static volatile int threads = 1;
  private static Pool pool; // guarded by USE
  private static final ReentrantLock USE = new ReentrantLock();

  private Parallel() {}

  /** Sets the number of workers (1 runs everything on the calling thread). */
  public static void setThreads(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("threads must be at least 1, got " + n);
    }
    USE.lock();
    try {
      if (n != threads && pool != null) {
        pool.shutdown();
        pool = null;
      }
      threads = n;
    } finally {
      USE.unlock();
    }
  }

  public static int threads() {
    return threads;
  }

  /** The workers, created on first use; the caller holds {@link #USE}. */
  private static Pool pool(int parts) {
    if (pool == null || pool.size() < parts - 1) {
      if (pool != null) {
        pool.shutdown();
      }
      pool = new Pool(Math.max(parts, threads) - 1);
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
    if (USE.isHeldByCurrentThread() || !USE.tryLock()) {
      // Nested, or the workers are busy with another caller: the same parts, one after another.
      for (int p = 0; p < parts; p++) {
        body.run(from(count, p, parts), from(count, p + 1, parts), p);
      }
      return;
    }
    try {
      pool(parts).run(count, parts, body);
    } finally {
      USE.unlock();
    }
  }

  static int from(int count, int part, int parts) {
    return (int) ((long) count * part / parts);
  }

  /** Persistent worker threads; worker i (1-based) runs part i of each job. */
  private static final class Pool {
    private final Worker[] workers;
    private final AtomicInteger remaining = new AtomicInteger();
    private volatile Thread waiter;
    private volatile boolean waiterParked;
    private volatile Throwable failure;
    // The current job, published by the volatile write of a worker's epoch.
    private int count;
    private int parts;
    private RangeBody body;

    Pool(int size) {
      workers = new Worker[size];
      for (int i = 0; i < size; i++) {
        workers[i] = new Worker(this, i + 1);
        Thread t = new Thread(workers[i], "mcdrop-trainer-worker-" + (i + 1));
        t.setDaemon(true);
        workers[i].thread = t;
        t.start();
      }
    }

    int size() {
      return workers.length;
    }

    void run(int count, int parts, RangeBody body) {
      this.count = count;
      this.parts = parts;
      this.body = body;
      this.failure = null;
      this.waiter = Thread.currentThread();
      remaining.set(parts - 1);
      for (int p = 1; p < parts; p++) {
        workers[p - 1].post();
      }
      Throwable own = null;
      try {
        body.run(0, from(count, 1, parts), 0);
      } catch (Throwable t) {
        own = t;
      }
      awaitWorkers();
      this.body = null;
      Throwable t = own != null ? own : failure;
      if (t instanceof RuntimeException re) {
        throw re;
      }
      if (t instanceof Error err) {
        throw err;
      }
      if (t != null) {
        throw new IllegalStateException(t);
      }
    }

    private void awaitWorkers() {
      long start = System.nanoTime();
      while (remaining.get() != 0) {
        if (System.nanoTime() - start < SPIN_NANOS) {
          Thread.onSpinWait();
          continue;
        }
        waiterParked = true;
        if (remaining.get() != 0) {
          LockSupport.parkNanos(this, 1_000_000L);
        }
        waiterParked = false;
      }
    }

    /** Runs worker {@code part}'s share of the current job. */
    void work(int part) {
      try {
        body.run(from(count, part, parts), from(count, part + 1, parts), part);
      } catch (Throwable t) {
        failure = t;
      }
      if (remaining.decrementAndGet() == 0 && waiterParked) {
        LockSupport.unpark(waiter);
      }
    }

    void shutdown() {
      for (Worker w : workers) {
        w.stop();
      }
    }
  }

  private static final class Worker implements Runnable {
    private final Pool pool;
    private final int part;
    private Thread thread;
    // Padding keeps the two workers' hot fields off one cache line (no false sharing).
    @SuppressWarnings("unused")
    private long p0, p1, p2, p3, p4, p5, p6, p7;

    private volatile long epoch;
    private volatile boolean parked;
    private volatile boolean stopped;

    @SuppressWarnings("unused")
    private long q0, q1, q2, q3, q4, q5, q6, q7;

    Worker(Pool pool, int part) {
      this.pool = pool;
      this.part = part;
    }

    void post() {
      epoch = epoch + 1;
      if (parked) {
        LockSupport.unpark(thread);
      }
    }

    void stop() {
      stopped = true;
      LockSupport.unpark(thread);
    }

    @Override
    public void run() {
      long seen = 0;
      while (true) {
        long start = System.nanoTime();
        long e;
        while ((e = epoch) == seen && !stopped) {
          if (System.nanoTime() - start < SPIN_NANOS) {
            Thread.onSpinWait();
          } else {
            parked = true;
            if (epoch == seen && !stopped) {
              LockSupport.park(this);
            }
            parked = false;
          }
        }
        if (stopped) {
          return;
        }
        seen = e;
        pool.work(part);
      }
    }
  }
}
