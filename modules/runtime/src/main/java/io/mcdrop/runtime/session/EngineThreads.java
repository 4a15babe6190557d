package io.mcdrop.runtime.session;

/**
 * Threads that call into ONNX Runtime. Measured here (ONNX Runtime Java 1.29.0, JDK 17): when the
 * JVM is started with a long {@code -cp} string (about 40 jars or more; 100 non-existent jar paths
 * do it too), {@code OrtEnvironment.getEnvironment()} kills the JVM with SIGSEGV and no error
 * report on a thread with a 1 or 2 MB stack, and works with 3 MB. A shaded jar or a manifest class
 * path (as Surefire uses) is not affected. Every thread that loads or runs a model gets a large
 * stack, so the server works however it is launched.
 */
public final class EngineThreads {
  /** 3 MB sufficed in the measurement; the rest is margin. */
  public static final long STACK_BYTES = 32L * 1024 * 1024;

  private EngineThreads() {}

  public static Thread create(Runnable body, String name) {
    Thread t = new Thread(null, body, name, STACK_BYTES);
    t.setDaemon(true);
    return t;
  }
}
