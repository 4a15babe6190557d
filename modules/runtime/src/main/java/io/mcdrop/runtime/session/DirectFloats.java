package io.mcdrop.runtime.session;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/**
 * Reusable direct buffers for run inputs, per thread and per input slot. ONNX Runtime reads a
 * direct, native-order buffer in place; a heap array is first copied into a direct buffer it
 * allocates (and zero-fills) for every run. A thread runs one session at a time, and a run's
 * tensors are closed before it returns, so slot {@code k} can be rewritten by the next run on the
 * same thread. Buffers above {@link #MAX_KEPT_FLOATS} are not kept (one large request should not
 * pin its memory to a worker thread for good).
 */
public final class DirectFloats {
  /** The largest buffer a thread keeps between runs (4 MB). */
  static final int MAX_KEPT_FLOATS = 1 << 20;

  private static final int SLOTS = 8;
  private static final ThreadLocal<FloatBuffer[]> KEPT =
      ThreadLocal.withInitial(() -> new FloatBuffer[SLOTS]);

  private DirectFloats() {}

  /**
   * A direct buffer for input {@code slot} of the next run on this thread, positioned at 0 with
   * room for exactly {@code floats} values (fill it with relative puts, then {@code flip()}).
   */
  public static FloatBuffer slot(int slot, int floats) {
    if (slot >= SLOTS || floats > MAX_KEPT_FLOATS) {
      return allocate(floats);
    }
    FloatBuffer[] kept = KEPT.get();
    FloatBuffer b = kept[slot];
    if (b == null || b.capacity() < floats) {
      b = allocate(Math.max(floats, b == null ? 0 : Math.min(MAX_KEPT_FLOATS, 2 * b.capacity())));
      kept[slot] = b;
    }
    b.clear();
    b.limit(floats);
    return b;
  }

  private static FloatBuffer allocate(int floats) {
    return ByteBuffer.allocateDirect(floats * Float.BYTES)
        .order(ByteOrder.nativeOrder())
        .asFloatBuffer();
  }
}
