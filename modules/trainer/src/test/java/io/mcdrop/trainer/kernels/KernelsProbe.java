package io.mcdrop.trainer.kernels;

import io.mcdrop.trainer.layers.BatchNorm2d;
import io.mcdrop.trainer.tensor.Shape;
import io.mcdrop.trainer.tensor.Tensor;
import java.util.Random;

/**
 * Run by {@link KernelsTest} in a JVM of its own: prints the kernels that JVM chose and a digest of
 * a batch norm's training forward and backward on fixed data.
 */
public final class KernelsProbe {
  private KernelsProbe() {}

  public static void main(String[] args) {
    System.out.println(Kernels.sums().name() + " " + batchNormDigest());
  }

  /** Hash of every output, input-gradient and parameter-gradient bit of one training step. */
  static long batchNormDigest() {
    Shape shape = new Shape(5, 7, 9); // planes of 63: seven full lanes of eight and a tail
    BatchNorm2d bn = new BatchNorm2d(shape);
    Random r = new Random(11);
    int n = 6;
    float[] x = new float[n * shape.size()];
    float[] dy = new float[x.length];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) (r.nextGaussian() * 3 + 1);
      dy[i] = (float) r.nextGaussian();
    }
    Tensor y = bn.forward(new Tensor(x, n, shape), true);
    long h = digest(1, y.data());
    Tensor dx = bn.backward(new Tensor(dy, n, shape));
    h = digest(h, dx.data());
    h = digest(h, bn.gamma().grad());
    h = digest(h, bn.beta().grad());
    return digest(h, bn.runningVar().value());
  }

  private static long digest(long h, float[] v) {
    for (float f : v) {
      h = h * 1_000_003L + Float.floatToRawIntBits(f);
    }
    return h;
  }
}
