package io.mcdrop.trainer.tensor;

import java.util.SplittableRandom;

/**
 * The trainer's only source of randomness: seeded, re-seedable, and cheap to derive child streams
 * from, so that every epoch and every layer gets a reproducible stream of its own.
 */
public final class Rng {
  private SplittableRandom random;

  public Rng(long seed) {
    this.random = new SplittableRandom(seed);
  }

  public void reseed(long seed) {
    this.random = new SplittableRandom(seed);
  }

  public float nextFloat() {
    return (float) random.nextDouble();
  }

  public double nextDouble() {
    return random.nextDouble();
  }

  public int nextInt(int bound) {
    return random.nextInt(bound);
  }

  public boolean nextBoolean() {
    return random.nextBoolean();
  }

  public double nextGaussian() {
    return random.nextGaussian();
  }

  /** Mixes a seed with salts into a well-spread new seed (SplitMix64 finaliser). */
  public static long derive(long seed, long... salts) {
    long h = seed;
    for (long s : salts) {
      h = mix(h ^ mix(s + 0x9E3779B97F4A7C15L));
    }
    return h;
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** Fisher-Yates shuffle of {@code a} in place. */
  public void shuffle(int[] a) {
    for (int i = a.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }
}
