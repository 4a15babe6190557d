package io.mcdrop.server.registry;

/**
 * Threads that call into ONNX Runtime. Loading a model (session creation and graph optimization)
 * runs deep native recursion on the calling thread: with the JVM's default 1 MB thread stack (and
 * even 2 MB) it crashes the whole JVM with SIGSEGV and no error report, so every thread that loads
 * or runs a model gets a large stack.
 */
public final class EngineThreads {
  /** Measured: 3 MB suffices for the fixture models; the margin is for larger graphs. */
  public static final long STACK_BYTES = 32L * 1024 * 1024;

  private EngineThreads() {}

  public static Thread create(Runnable body, String name) {
    Thread t = new Thread(null, body, name, STACK_BYTES);
    t.setDaemon(true);
    return t;
  }
}
