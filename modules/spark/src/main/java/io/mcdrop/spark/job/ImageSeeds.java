package io.mcdrop.spark.job;

import java.nio.charset.StandardCharsets;

/**
 * Per-image seeds derived from the job seed and the image's key (its path): the same image gets the
 * same masks whatever the partitioning, the number of executors or its neighbours.
 */
public final class ImageSeeds {
  private ImageSeeds() {}

  /**
   * A well-mixed 64-bit seed from the job seed and the key (FNV-1a, then SplitMix64's finalizer).
   */
  public static long derive(long jobSeed, String key) {
    long h = 0xcbf29ce484222325L;
    for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xff;
      h *= 0x100000001b3L;
    }
    long z = h ^ (jobSeed * 0x9e3779b97f4a7c15L);
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}
