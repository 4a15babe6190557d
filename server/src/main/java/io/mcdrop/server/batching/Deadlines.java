package io.mcdrop.server.batching;

import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * One-shot timers for requests (their timeout, their time in the waiting room): each fires once, or
 * is cancelled and dropped as soon as its request is answered. Nothing sweeps the queue.
 */
final class Deadlines implements AutoCloseable {
  private final ScheduledThreadPoolExecutor pool =
      new ScheduledThreadPoolExecutor(
          1,
          r -> {
            Thread t = new Thread(r, "mcdrop-deadlines");
            t.setDaemon(true);
            return t;
          });

  Deadlines() {
    pool.setRemoveOnCancelPolicy(true);
  }

  /** Runs {@code action} after {@code millis} unless the request is answered first. */
  void after(Submission s, long millis, Runnable action) {
    s.addTimer(pool.schedule(action, millis, TimeUnit.MILLISECONDS));
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
