package io.mcdrop.server.support;

import io.mcdrop.runtime.mc.McOptions;
import io.mcdrop.runtime.stats.Prediction;
import io.mcdrop.server.batching.EngineCall;
import io.mcdrop.server.registry.LoadedModel;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An {@link EngineCall} that a test controls: while {@link #hold() held}, every engine call waits
 * at the gate until the test {@link #open() opens} it, then runs the real engine. Tests wait for
 * calls to enter or finish instead of guessing how long real work takes; every wait is bounded and
 * fails the test (it never hangs) if the condition does not come.
 */
public final class EngineGate implements EngineCall {
  private static final long LIMIT_SECONDS = 60;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final EngineCall real = EngineCall.direct();
  private boolean held;
  private int entered;
  private int finished;
  private Throwable failNext;

  /** A gate that starts held. */
  public static EngineGate held() {
    EngineGate g = new EngineGate();
    g.hold();
    return g;
  }

  @Override
  public List<Prediction> predict(LoadedModel model, List<float[]> inputs, McOptions options) {
    Throwable fail;
    lock.lock();
    try {
      entered++;
      changed.signalAll();
      while (held) {
        changed.awaitUninterruptibly();
      }
      fail = failNext;
      failNext = null;
    } finally {
      lock.unlock();
    }
    try {
      if (fail instanceof RuntimeException r) {
        throw r;
      }
      if (fail instanceof Error e) {
        throw e;
      }
      return real.predict(model, inputs, options);
    } finally {
      lock.lock();
      try {
        finished++;
        changed.signalAll();
      } finally {
        lock.unlock();
      }
    }
  }

  /** Calls from now on wait at the gate. */
  public void hold() {
    lock.lock();
    try {
      held = true;
    } finally {
      lock.unlock();
    }
  }

  /** Lets every waiting and future call through. */
  public void open() {
    lock.lock();
    try {
      held = false;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** The next call that passes the gate throws this instead of running the engine. */
  public void failNext(Throwable t) {
    lock.lock();
    try {
      failNext = t;
    } finally {
      lock.unlock();
    }
  }

  /** Waits until at least {@code n} calls have reached the gate in total. */
  public void awaitEntered(int n) {
    await(() -> entered >= n, n + " engine call(s) entered");
  }

  /** Waits until at least {@code n} calls have returned or thrown in total. */
  public void awaitFinished(int n) {
    await(() -> finished >= n, n + " engine call(s) finished");
  }

  public int entered() {
    lock.lock();
    try {
      return entered;
    } finally {
      lock.unlock();
    }
  }

  private void await(java.util.function.BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(LIMIT_SECONDS);
    lock.lock();
    try {
      while (!condition.getAsBoolean()) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError("waited " + LIMIT_SECONDS + " s for " + what);
        }
        changed.awaitNanos(left);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting for " + what, e);
    } finally {
      lock.unlock();
    }
  }
}
