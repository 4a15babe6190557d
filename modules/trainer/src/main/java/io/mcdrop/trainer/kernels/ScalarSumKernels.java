package io.mcdrop.trainer.kernels;

/** {@link SumKernels} in plain Java: eight independent partial sums, so the adds do not wait. */
public final class ScalarSumKernels implements SumKernels {
  public static final ScalarSumKernels INSTANCE = new ScalarSumKernels();

  private ScalarSumKernels() {}

  @Override
  public void moments(float[] x, int o, int len, double[] acc, int at) {
    float s0 = 0f, s1 = 0f, s2 = 0f, s3 = 0f, s4 = 0f, s5 = 0f, s6 = 0f, s7 = 0f;
    float q0 = 0f, q1 = 0f, q2 = 0f, q3 = 0f, q4 = 0f, q5 = 0f, q6 = 0f, q7 = 0f;
    int i = o;
    int end = o + len;
    for (; i + 7 < end; i += 8) {
      float v0 = x[i], v1 = x[i + 1], v2 = x[i + 2], v3 = x[i + 3];
      float v4 = x[i + 4], v5 = x[i + 5], v6 = x[i + 6], v7 = x[i + 7];
      s0 += v0;
      s1 += v1;
      s2 += v2;
      s3 += v3;
      s4 += v4;
      s5 += v5;
      s6 += v6;
      s7 += v7;
      q0 += v0 * v0;
      q1 += v1 * v1;
      q2 += v2 * v2;
      q3 += v3 * v3;
      q4 += v4 * v4;
      q5 += v5 * v5;
      q6 += v6 * v6;
      q7 += v7 * v7;
    }
    for (; i < end; i++) {
      float v = x[i];
      s0 += v;
      q0 += v * v;
    }
    acc[at] += combine(s0, s1, s2, s3, s4, s5, s6, s7);
    acc[at + 1] += combine(q0, q1, q2, q3, q4, q5, q6, q7);
  }

  @Override
  public void gradSums(float[] d, float[] x, int o, int len, float mu, double[] acc, int at) {
    float a0 = 0f, a1 = 0f, a2 = 0f, a3 = 0f, a4 = 0f, a5 = 0f, a6 = 0f, a7 = 0f;
    float b0 = 0f, b1 = 0f, b2 = 0f, b3 = 0f, b4 = 0f, b5 = 0f, b6 = 0f, b7 = 0f;
    int i = o;
    int end = o + len;
    for (; i + 7 < end; i += 8) {
      a0 += d[i];
      a1 += d[i + 1];
      a2 += d[i + 2];
      a3 += d[i + 3];
      a4 += d[i + 4];
      a5 += d[i + 5];
      a6 += d[i + 6];
      a7 += d[i + 7];
      b0 += d[i] * (x[i] - mu);
      b1 += d[i + 1] * (x[i + 1] - mu);
      b2 += d[i + 2] * (x[i + 2] - mu);
      b3 += d[i + 3] * (x[i + 3] - mu);
      b4 += d[i + 4] * (x[i + 4] - mu);
      b5 += d[i + 5] * (x[i + 5] - mu);
      b6 += d[i + 6] * (x[i + 6] - mu);
      b7 += d[i + 7] * (x[i + 7] - mu);
    }
    for (; i < end; i++) {
      a0 += d[i];
      b0 += d[i] * (x[i] - mu);
    }
    acc[at] += combine(a0, a1, a2, a3, a4, a5, a6, a7);
    acc[at + 1] += combine(b0, b1, b2, b3, b4, b5, b6, b7);
  }

  @Override
  public void maskedSums(
      float[] dy,
      float[] y,
      float[] x,
      float[] dx,
      int o,
      int len,
      float mu,
      double[] acc,
      int at) {
    float a0 = 0f, a1 = 0f, a2 = 0f, a3 = 0f, a4 = 0f, a5 = 0f, a6 = 0f, a7 = 0f;
    float b0 = 0f, b1 = 0f, b2 = 0f, b3 = 0f, b4 = 0f, b5 = 0f, b6 = 0f, b7 = 0f;
    int i = o;
    int end = o + len;
    for (; i + 7 < end; i += 8) {
      float d0 = masked(dy[i], y[i]);
      float d1 = masked(dy[i + 1], y[i + 1]);
      float d2 = masked(dy[i + 2], y[i + 2]);
      float d3 = masked(dy[i + 3], y[i + 3]);
      float d4 = masked(dy[i + 4], y[i + 4]);
      float d5 = masked(dy[i + 5], y[i + 5]);
      float d6 = masked(dy[i + 6], y[i + 6]);
      float d7 = masked(dy[i + 7], y[i + 7]);
      dx[i] = d0;
      dx[i + 1] = d1;
      dx[i + 2] = d2;
      dx[i + 3] = d3;
      dx[i + 4] = d4;
      dx[i + 5] = d5;
      dx[i + 6] = d6;
      dx[i + 7] = d7;
      a0 += d0;
      a1 += d1;
      a2 += d2;
      a3 += d3;
      a4 += d4;
      a5 += d5;
      a6 += d6;
      a7 += d7;
      b0 += d0 * (x[i] - mu);
      b1 += d1 * (x[i + 1] - mu);
      b2 += d2 * (x[i + 2] - mu);
      b3 += d3 * (x[i + 3] - mu);
      b4 += d4 * (x[i + 4] - mu);
      b5 += d5 * (x[i + 5] - mu);
      b6 += d6 * (x[i + 6] - mu);
      b7 += d7 * (x[i + 7] - mu);
    }
    for (; i < end; i++) {
      float d = masked(dy[i], y[i]);
      dx[i] = d;
      a0 += d;
      b0 += d * (x[i] - mu);
    }
    acc[at] += combine(a0, a1, a2, a3, a4, a5, a6, a7);
    acc[at + 1] += combine(b0, b1, b2, b3, b4, b5, b6, b7);
  }

  /** dy where y &gt; 0, else +0, without a branch: -bits &gt;&gt; 31 is all ones exactly then. */
  private static float masked(float dy, float y) {
    return Float.intBitsToFloat(Float.floatToRawIntBits(dy) & (-Float.floatToRawIntBits(y) >> 31));
  }

  static float combine(
      float p0, float p1, float p2, float p3, float p4, float p5, float p6, float p7) {
    return ((p0 + p1) + (p2 + p3)) + ((p4 + p5) + (p6 + p7));
  }

  @Override
  public String name() {
    return "scalar";
  }
}
