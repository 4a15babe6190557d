package io.mcdrop.server.batching;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The inference threads: a fixed-size executor whose threads come from {@code threads} (the
 * server's have big stacks, see {@code EngineThreads}). A thread that dies of anything that escapes
 * a task is logged and replaced by the executor at once; {@link #live()} counts the threads that
 * are running, so readiness can report a server left without any.
 */
final class Workers implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Workers.class);
  private final ThreadPoolExecutor pool;
  private final AtomicInteger live = new AtomicInteger();
  private final int size;

  Workers(int size, ThreadFactory threads) {
    this.size = size;
    AtomicInteger n = new AtomicInteger();
    ThreadFactory counted =
        r -> {
          Thread t =
              threads.newThread(
                  () -> {
                    try {
                      r.run();
                    } finally {
                      live.decrementAndGet();
                    }
                  });
          if (t != null) {
            live.incrementAndGet();
            t.setName("mcdrop-infer-" + n.getAndIncrement());
            t.setUncaughtExceptionHandler(
                (th, e) -> LOG.error("inference thread {} died; replacing it", th.getName(), e));
          }
          return t;
        };
    this.pool =
        new ThreadPoolExecutor(
            size, size, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), counted);
  }

  /**
   * Starts every thread now rather than on first use, so {@link #live()} is right from the start.
   */
  void start() {
    pool.prestartAllCoreThreads();
  }

  /** Runs the task on a worker thread (never more tasks than {@link #size()} are handed over). */
  void execute(Runnable task) {
    pool.execute(task);
  }

  int size() {
    return size;
  }

  /** Threads created and not yet ended (a thread being replaced is briefly not counted). */
  int live() {
    return live.get();
  }

  @Override
  public void close() {
    pool.shutdown();
    try {
      if (!pool.awaitTermination(5, TimeUnit.SECONDS)) {
        pool.shutdownNow();
      }
    } catch (InterruptedException e) {
      pool.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
