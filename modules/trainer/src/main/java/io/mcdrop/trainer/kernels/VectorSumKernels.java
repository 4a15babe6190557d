package io.mcdrop.trainer.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link SumKernels} on the Vector API with eight float lanes: lane l holds partial sum l, and
 * additions and products are separate IEEE operations as in the scalar code (no fused
 * multiply-add), so the results are the scalar ones bit for bit. Eight lanes is a 256-bit vector:
 * native on AVX2 and AVX-512 machines, two registers on 128-bit ones. Loaded only through {@link
 * Kernels}, and only when the JVM has the {@code jdk.incubator.vector} module.
 */
final class VectorSumKernels implements SumKernels {
  private static final VectorSpecies<Float> F = FloatVector.SPECIES_256;
  private static final int L = 8;

  VectorSumKernels() {
    if (F.length() != L) {
      throw new IllegalStateException("256-bit float species has " + F.length() + " lanes");
    }
  }

  @Override
  public void moments(float[] x, int o, int len, double[] acc, int at) {
    FloatVector s = FloatVector.zero(F);
    FloatVector q = FloatVector.zero(F);
    int i = o;
    int end = o + len;
    for (; i + L - 1 < end; i += L) {
      FloatVector v = FloatVector.fromArray(F, x, i);
      s = s.add(v);
      q = q.add(v.mul(v));
    }
    float s0 = s.lane(0);
    float q0 = q.lane(0);
    for (; i < end; i++) {
      float v = x[i];
      s0 += v;
      q0 += v * v;
    }
    acc[at] += combine(s, s0);
    acc[at + 1] += combine(q, q0);
  }

  @Override
  public void gradSums(float[] d, float[] x, int o, int len, float mu, double[] acc, int at) {
    FloatVector a = FloatVector.zero(F);
    FloatVector b = FloatVector.zero(F);
    FloatVector m = FloatVector.broadcast(F, mu);
    int i = o;
    int end = o + len;
    for (; i + L - 1 < end; i += L) {
      FloatVector dv = FloatVector.fromArray(F, d, i);
      a = a.add(dv);
      b = b.add(dv.mul(FloatVector.fromArray(F, x, i).sub(m)));
    }
    float a0 = a.lane(0);
    float b0 = b.lane(0);
    for (; i < end; i++) {
      a0 += d[i];
      b0 += d[i] * (x[i] - mu);
    }
    acc[at] += combine(a, a0);
    acc[at + 1] += combine(b, b0);
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
    FloatVector a = FloatVector.zero(F);
    FloatVector b = FloatVector.zero(F);
    FloatVector m = FloatVector.broadcast(F, mu);
    int i = o;
    int end = o + len;
    for (; i + L - 1 < end; i += L) {
      // Outputs are +0 or positive; -bits >> 31 is all ones exactly for positive ones.
      IntVector keep =
          FloatVector.fromArray(F, y, i)
              .reinterpretAsInts()
              .neg()
              .lanewise(VectorOperators.ASHR, 31);
      FloatVector dv =
          FloatVector.fromArray(F, dy, i).reinterpretAsInts().and(keep).reinterpretAsFloats();
      dv.intoArray(dx, i);
      a = a.add(dv);
      b = b.add(dv.mul(FloatVector.fromArray(F, x, i).sub(m)));
    }
    float a0 = a.lane(0);
    float b0 = b.lane(0);
    for (; i < end; i++) {
      float d =
          Float.intBitsToFloat(
              Float.floatToRawIntBits(dy[i]) & (-Float.floatToRawIntBits(y[i]) >> 31));
      dx[i] = d;
      a0 += d;
      b0 += d * (x[i] - mu);
    }
    acc[at] += combine(a, a0);
    acc[at + 1] += combine(b, b0);
  }

  /** The scalar combination order, with lane 0 replaced by {@code p0} (it took the tail). */
  private static float combine(FloatVector p, float p0) {
    return ScalarSumKernels.combine(
        p0, p.lane(1), p.lane(2), p.lane(3), p.lane(4), p.lane(5), p.lane(6), p.lane(7));
  }

  @Override
  public String name() {
    return "vector-256";
  }
}
