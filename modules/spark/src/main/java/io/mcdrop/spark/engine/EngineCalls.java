package io.mcdrop.spark.engine;

import io.mcdrop.errors.ErrorCode;
import io.mcdrop.errors.McdropException;
import io.mcdrop.runtime.session.EngineThreads;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs engine calls on large-stack threads. Spark's task threads have the default stack, and
 * executors start with a long {@code -cp} (Spark's jars): exactly the case in which ONNX Runtime's
 * initialisation crashes the JVM on a small stack (see {@link EngineThreads}).
 */
public final class EngineCalls {
  private static final AtomicInteger COUNT = new AtomicInteger();
  private static final ExecutorService POOL =
      Executors.newCachedThreadPool(
          r -> EngineThreads.create(r, "mcdrop-spark-engine-" + COUNT.incrementAndGet()));

  private EngineCalls() {}

  /** Runs {@code call} on a large-stack thread and waits for it; exceptions pass through. */
  public static <T> T run(Callable<T> call) {
    return await(POOL.submit(call), "scoring");
  }

  /**
   * Waits for {@code f}: its value, or the exception it ended with (a checked one wrapped as
   * INTERNAL); an interrupt cancels it and is reported as INTERNAL "interrupted while {@code
   * doing}".
   */
  public static <T> T await(Future<T> f, String doing) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      f.cancel(true);
      Thread.currentThread().interrupt();
      throw new McdropException(ErrorCode.INTERNAL, "interrupted while " + doing, e);
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof RuntimeException r) {
        throw r;
      }
      if (c instanceof Error err) {
        throw err;
      }
      throw new McdropException(ErrorCode.INTERNAL, String.valueOf(c), c);
    }
  }
}
