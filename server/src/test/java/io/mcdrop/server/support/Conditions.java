package io.mcdrop.server.support;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Waits for a condition that no callback announces (e.g. the scheduler's queue depth): checks it
 * every few milliseconds and fails the test after a generous limit, so a test never depends on how
 * long something takes, only on whether it happens.
 */
public final class Conditions {
  private static final Duration LIMIT = Duration.ofSeconds(60);

  private Conditions() {}

  public static void await(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + LIMIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("waited " + LIMIT.toSeconds() + " s for " + what);
      }
      LockSupport.parkNanos(Duration.ofMillis(2).toNanos());
    }
  }
}
