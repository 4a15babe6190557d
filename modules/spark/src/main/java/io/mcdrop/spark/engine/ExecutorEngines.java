package io.mcdrop.spark.engine;

import io.mcdrop.errors.ErrorCode;
import io.mcdrop.errors.McdropException;
import io.mcdrop.runtime.mc.McEngine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The engines of this JVM, one per (model, spec): loaded by the first task that needs one and then
 * shared by every task thread of the executor (the engine is thread-safe). In local mode the driver
 * is the executor, so the driver's tasks share it too. Engines live until {@link #closeAll()} or
 * JVM exit.
 */
public final class ExecutorEngines {
  private static final Map<String, McEngine> ENGINES = new ConcurrentHashMap<>();
  private static volatile int loads;

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(ExecutorEngines::closeAll, "mcdrop-engines"));
  }

  private ExecutorEngines() {}

  /**
   * The engine for a model, loading it on first use.
   *
   * @param key identifies model bytes and spec (e.g. a digest of both)
   * @param name the model's file name (the engine names the model after its stem)
   * @param bytes supplies the model bytes, called only when this JVM has no engine yet
   */
  public static McEngine get(String key, String name, Supplier<byte[]> bytes, EngineSpec spec) {
    McEngine e = ENGINES.get(key);
    if (e != null) {
      return e;
    }
    synchronized (ExecutorEngines.class) {
      e = ENGINES.get(key);
      if (e == null) {
        e = EngineCalls.run(() -> load(name, bytes.get(), spec));
        loads++;
        ENGINES.put(key, e);
      }
      return e;
    }
  }

  /** How many engines this JVM has loaded so far (to check "once per executor"). */
  public static int loads() {
    return loads;
  }

  /** Closes every engine of this JVM (the CLI calls this when a local job is done). */
  public static void closeAll() {
    synchronized (ExecutorEngines.class) {
      ENGINES.values().forEach(McEngine::close);
      ENGINES.clear();
    }
  }

  private static McEngine load(String name, byte[] bytes, EngineSpec spec) {
    Path dir = null;
    Path file = null;
    try {
      dir = Files.createTempDirectory("mcdrop-model-");
      file = dir.resolve(name);
      Files.write(file, bytes);
      return McEngine.load(file, spec.toConfig());
    } catch (IOException x) {
      throw new McdropException(
          ErrorCode.INTERNAL, "cannot stage the model on this executor: " + x.getMessage(), x);
    } finally {
      try {
        if (file != null) {
          Files.deleteIfExists(file);
        }
        if (dir != null) {
          Files.deleteIfExists(dir);
        }
      } catch (IOException ignored) {
        // a leftover temp file is harmless
      }
    }
  }
}
