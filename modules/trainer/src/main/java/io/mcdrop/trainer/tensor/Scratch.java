package io.mcdrop.trainer.tensor;

/**
 * A layer's reusable working array: hands back the same array for the same length, so that a
 * training loop allocates its activations and gradients once instead of every step.
 *
 * <p>It keeps the two most recent lengths, because an epoch alternates between full batches and one
 * shorter last batch (and validation uses a third size only between epochs). The contents are
 * whatever the previous user left: callers overwrite every element, or clear the array first.
 */
public final class Scratch {
  private float[] recent;
  private float[] older;

  /** An array of exactly {@code length} floats (stale contents). */
  public float[] floats(int length) {
    if (recent != null && recent.length == length) {
      return recent;
    }
    if (older != null && older.length == length) {
      float[] t = older;
      older = recent;
      recent = t;
      return recent;
    }
    older = recent;
    recent = new float[length];
    return recent;
  }

  /** As {@link #floats}, cleared to zero. */
  public float[] zeros(int length) {
    float[] a = floats(length);
    java.util.Arrays.fill(a, 0f);
    return a;
  }

  /** The int counterpart (e.g. max-pooling's arg-max indices). */
  public static final class Ints {
    private int[] recent;
    private int[] older;

    /** An array of exactly {@code length} ints (stale contents). */
    public int[] ints(int length) {
      if (recent != null && recent.length == length) {
        return recent;
      }
      if (older != null && older.length == length) {
        int[] t = older;
        older = recent;
        recent = t;
        return recent;
      }
      older = recent;
      recent = new int[length];
      return recent;
    }
  }
}
