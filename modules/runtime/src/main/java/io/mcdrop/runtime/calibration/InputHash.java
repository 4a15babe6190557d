package io.mcdrop.runtime.calibration;

/**
 * A number in [0, 1) drawn from an input's bits (SplitMix64 over the floats): the "random" u of the
 * APS/RAPS scores. Fixed per input, so an image always gets the same prediction set, and unrelated
 * to the model's probabilities, so it breaks ties as a uniform draw would.
 */
public final class InputHash {
  private InputHash() {}

  public static double uniform(float[] input) {
    long h = 0x9E3779B97F4A7C15L * (input.length + 1L);
    for (float f : input) {
      h = mix(h ^ Float.floatToIntBits(f));
    }
    return (h >>> 11) * 0x1.0p-53;
  }

  private static long mix(long z) {
    z += 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
