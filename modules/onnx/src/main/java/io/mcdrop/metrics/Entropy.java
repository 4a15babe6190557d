package io.mcdrop.metrics;

/** Shannon entropy in nats; 0 log 0 = 0. */
public final class Entropy {
  private Entropy() {}

  /** Entropy of {@code p[offset, offset+k)}. */
  public static double of(float[] p, int offset, int k) {
    double h = 0;
    for (int i = 0; i < k; i++) {
      float v = p[offset + i];
      if (v > 0) {
        h -= v * Math.log(v);
      }
    }
    return h;
  }

  /** Entropy of a distribution. */
  public static double of(double[] p) {
    double h = 0;
    for (double v : p) {
      if (v > 0) {
        h -= v * Math.log(v);
      }
    }
    return h;
  }
}
